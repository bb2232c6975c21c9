"""The gateway's settings, read once from the environment and handed to whoever needs them."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.rasa_client import DEFAULT_RASA_URL
from bot.telegram.sender_ids import sender_key

TELEGRAM_API = "https://api.telegram.org"
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class ConfigError(ValueError):
    """The environment does not describe a gateway that can start."""


@dataclass(frozen=True)
class WebhookSettings:
    """Webhook mode: Telegram posts updates to `url`, which a proxy forwards to `listen:port`."""

    url: str
    secret: str
    listen: str = "127.0.0.1"
    port: int = 8443

    @property
    def path(self) -> str:
        """The path the gateway serves, the same as the public URL's."""
        return urlsplit(self.url).path.strip("/")


@dataclass(frozen=True)
class DeliverySettings:
    """How patiently the gateway waits for Rasa, and how it retries while Rasa is away."""

    rasa_timeout: float = 60.0
    patience: float = 8.0  # seconds before a resident is told to wait a moment
    first_retry: float = 1.0
    longest_retry: float = 30.0
    max_waiting: int = 20  # messages one resident may have waiting; more are refused kindly
    drain: float = 10.0  # seconds a stopping gateway waits for queues to empty


@dataclass(frozen=True)
class ThrottleSettings:
    """At most `messages` from one resident in any `seconds`; more are not forwarded."""

    messages: int = 10
    seconds: float = 30.0


@dataclass(frozen=True)
class GatewayConfig:
    """Everything the gateway needs; built by `from_env` in production, directly in tests."""

    token: str
    sender_key: bytes
    api_base_url: str = TELEGRAM_API
    rasa_url: str = DEFAULT_RASA_URL
    webhook: WebhookSettings | None = None
    poll_interval: float = 0.0
    delivery: DeliverySettings = DeliverySettings()
    throttle: ThrottleSettings = ThrottleSettings()
    workers_chat_id: int | None = None  # a workers' group: requests are announced there

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] = os.environ, rasa_url: str | None = None
    ) -> GatewayConfig:
        """Read the settings that docs/telegram.md lists; `rasa_url` overrides `RASA_URL`."""
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set")
        return cls(
            token=token,
            sender_key=sender_key(env.get("TELEGRAM_SENDER_KEY"), token),
            api_base_url=(env.get("TELEGRAM_API_BASE_URL") or TELEGRAM_API).rstrip("/"),
            rasa_url=(rasa_url or env.get("RASA_URL") or DEFAULT_RASA_URL).rstrip("/"),
            webhook=_webhook_from_env(env),
            poll_interval=_number(env, "TELEGRAM_POLL_INTERVAL", 0.0),
            delivery=DeliverySettings(drain=_number(env, "TELEGRAM_DRAIN_SECONDS", 10.0)),
            workers_chat_id=_chat_id(env, "TELEGRAM_WORKERS_CHAT_ID"),
        )


def _webhook_from_env(env: Mapping[str, str]) -> WebhookSettings | None:
    url = env.get("TELEGRAM_WEBHOOK_URL", "").strip()
    if not url:
        return None
    secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
    if not _SECRET.fullmatch(secret):
        raise ConfigError("webhook mode needs TELEGRAM_WEBHOOK_SECRET (1-256 of A-Z a-z 0-9 _ -)")
    return WebhookSettings(
        url=url,
        secret=secret,
        listen=env.get("TELEGRAM_WEBHOOK_LISTEN") or "127.0.0.1",
        port=int(_number(env, "TELEGRAM_WEBHOOK_PORT", 8443, whole=True)),
    )


def _chat_id(env: Mapping[str, str], name: str) -> int | None:
    """A Telegram chat id (groups' are negative) from `env[name]`, or None when unset."""
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a Telegram chat id such as -1001234567890") from None


def _number(env: Mapping[str, str], name: str, default: float, *, whole: bool = False) -> float:
    """A non-negative number from `env[name]`, or `default` when unset; a clear error if not."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise ConfigError(f"{name} must be {kind}, not {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must not be negative, not {raw!r}")
    return value
