"""The gateway's settings, read once from the environment (pydantic-settings, with a clear error
naming any bad variable) and handed to whoever needs them."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import (
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.delivery import DeliverySettings
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
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    throttle: ThrottleSettings = ThrottleSettings()
    workers_chat_id: int | None = None  # a workers' group: requests are announced there
    # This instance's name among several sharing the database (its messages are its own).
    instance: str = field(default_factory=socket.gethostname)

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] = os.environ, rasa_url: str | None = None
    ) -> GatewayConfig:
        """Read the settings that docs/telegram.md lists; `rasa_url` overrides `RASA_URL`."""
        try:
            read = TelegramEnvironment.model_validate(
                {key.lower(): value for key, value in env.items() if key in ENVIRONMENT_NAMES}
            )
        except ValidationError as error:
            raise ConfigError(_explained(error)) from None
        return cls(
            token=read.telegram_bot_token,
            sender_key=sender_key(read.telegram_sender_key, read.telegram_bot_token),
            api_base_url=read.telegram_api_base_url.rstrip("/"),
            rasa_url=(rasa_url or read.rasa_url or DEFAULT_RASA_URL).rstrip("/"),
            webhook=read.webhook(),
            poll_interval=read.telegram_poll_interval,
            delivery=DeliverySettings(drain=read.telegram_drain_seconds),
            throttle=ThrottleSettings(
                read.telegram_throttle_messages, read.telegram_throttle_seconds
            ),
            workers_chat_id=read.telegram_workers_chat_id,
            instance=read.telegram_instance or default_instance(read.webhook()),
        )


def default_instance(webhook: WebhookSettings | None) -> str:
    """The host's name, with the webhook port: stable across restarts of one instance."""
    return f"{socket.gethostname()}:{webhook.port if webhook else 'polling'}"[:64]


def _blank_is_unset(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Blank = BeforeValidator(_blank_is_unset)


class TelegramEnvironment(BaseSettings):
    """The gateway's environment variables, checked (a bad value is named in the error)."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    telegram_bot_token: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    telegram_sender_key: Annotated[str | None, Blank] = None
    telegram_api_base_url: Annotated[str, Blank] = TELEGRAM_API
    rasa_url: Annotated[str | None, Blank] = None
    telegram_webhook_url: Annotated[str | None, Blank] = None
    telegram_webhook_secret: Annotated[str | None, Blank] = None
    telegram_webhook_listen: Annotated[str, Blank] = "127.0.0.1"
    telegram_webhook_port: Annotated[int, Blank, Field(ge=1, le=65535, strict=False)] = 8443
    telegram_poll_interval: Annotated[float, Blank, Field(ge=0)] = 0.0
    telegram_drain_seconds: Annotated[float, Blank, Field(ge=0)] = 10.0
    telegram_throttle_messages: Annotated[int, Blank, Field(ge=1)] = ThrottleSettings.messages
    telegram_throttle_seconds: Annotated[float, Blank, Field(gt=0)] = ThrottleSettings.seconds
    telegram_workers_chat_id: Annotated[int | None, Blank] = None
    telegram_instance: Annotated[Annotated[str, Field(max_length=64)] | None, Blank] = None

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _token_given(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError("is not set")
        return value

    def webhook(self) -> WebhookSettings | None:
        """Webhook mode, when a public URL is set; it needs a secret Telegram accepts."""
        if self.telegram_webhook_url is None:
            return None
        secret = (self.telegram_webhook_secret or "").strip()
        if not _SECRET.fullmatch(secret):
            raise ConfigError(
                "webhook mode needs TELEGRAM_WEBHOOK_SECRET (1-256 of A-Z a-z 0-9 _ -)"
            )
        return WebhookSettings(
            url=self.telegram_webhook_url.strip(),
            secret=secret,
            listen=self.telegram_webhook_listen,
            port=self.telegram_webhook_port,
        )


ENVIRONMENT_NAMES = {name.upper() for name in TelegramEnvironment.model_fields}


def _explained(error: ValidationError) -> str:
    """One line per bad variable, named as in the environment."""
    return "; ".join(
        f"{str(problem['loc'][0]).upper()}: {problem['msg']}"
        + (f" (got {problem['input']!r})" if isinstance(problem.get("input"), str) else "")
        for problem in error.errors()
    )
