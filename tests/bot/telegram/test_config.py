"""Settings from the environment: polling by default, webhook mode only with a valid secret."""

from __future__ import annotations

import pytest

from bot.telegram.config import TELEGRAM_API, ConfigError, GatewayConfig, ThrottleSettings

TOKEN = {"TELEGRAM_BOT_TOKEN": "123:ABC"}


def test_polling_against_telegram_by_default() -> None:
    config = GatewayConfig.from_env(TOKEN)
    assert config.webhook is None
    assert config.api_base_url == TELEGRAM_API
    assert config.sender_key and config.sender_key != b"123:ABC"


def test_the_api_base_url_and_rasa_url_come_from_the_environment() -> None:
    env = dict(TOKEN, TELEGRAM_API_BASE_URL="http://127.0.0.1:9000/", RASA_URL="http://r:1/")
    config = GatewayConfig.from_env(env)
    assert config.api_base_url == "http://127.0.0.1:9000"
    assert config.rasa_url == "http://r:1"
    assert GatewayConfig.from_env(env, rasa_url="http://other:2").rasa_url == "http://other:2"


def test_a_missing_token_is_refused() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        GatewayConfig.from_env({})


def test_webhook_mode_serves_the_path_of_the_public_url() -> None:
    env = dict(
        TOKEN,
        TELEGRAM_WEBHOOK_URL="https://bot.example.org/telegram/hook",
        TELEGRAM_WEBHOOK_SECRET="s3cret_-A",
        TELEGRAM_WEBHOOK_PORT="8080",
    )
    webhook = GatewayConfig.from_env(env).webhook
    assert webhook is not None
    assert (webhook.path, webhook.port, webhook.listen) == ("telegram/hook", 8080, "127.0.0.1")
    assert webhook.secret == "s3cret_-A"


@pytest.mark.parametrize("secret", ["", "has space", "x" * 257, "汉字"])
def test_webhook_mode_needs_a_secret_telegram_accepts(secret: str) -> None:
    env = dict(
        TOKEN, TELEGRAM_WEBHOOK_URL="https://bot.example.org/hook", TELEGRAM_WEBHOOK_SECRET=secret
    )
    with pytest.raises(ConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        GatewayConfig.from_env(env)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TELEGRAM_POLL_INTERVAL", "0,5"),
        ("TELEGRAM_DRAIN_SECONDS", "十秒"),
        ("TELEGRAM_DRAIN_SECONDS", "-1"),
        ("TELEGRAM_WEBHOOK_PORT", "8443.5"),
        ("TELEGRAM_THROTTLE_MESSAGES", "0"),
    ],
)
def test_a_bad_number_is_refused_with_its_name(name: str, value: str) -> None:
    env = dict(
        TOKEN,
        TELEGRAM_WEBHOOK_URL="https://bot.example.org/hook",
        TELEGRAM_WEBHOOK_SECRET="s",
        **{name: value},
    )
    with pytest.raises(ConfigError, match=name):
        GatewayConfig.from_env(env)


def test_how_long_a_stopping_gateway_drains_comes_from_the_environment() -> None:
    assert GatewayConfig.from_env(dict(TOKEN, TELEGRAM_DRAIN_SECONDS="2.5")).delivery.drain == 2.5


def test_the_flood_guard_comes_from_the_environment() -> None:
    assert GatewayConfig.from_env(TOKEN).throttle == ThrottleSettings(10, 30.0)
    env = dict(TOKEN, TELEGRAM_THROTTLE_MESSAGES="20", TELEGRAM_THROTTLE_SECONDS="60")
    assert GatewayConfig.from_env(env).throttle == ThrottleSettings(20, 60.0)
