"""The web chat's settings, read once from `WEB_*` environment variables and `RASA_URL`
(pydantic-settings: a bad value is named in the error)."""

from __future__ import annotations

import socket
from typing import Annotated

from pydantic import BeforeValidator, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.rasa_client import DEFAULT_RASA_URL
from lifecycle.listening import refuse_public


def _blank_is_unset(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Blank = BeforeValidator(_blank_is_unset)


class WebSettings(BaseSettings):
    """Where the web chat listens and is reached, how it guards itself, and where Rasa is."""

    model_config = SettingsConfigDict(env_prefix="WEB_", frozen=True, extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8070, ge=1, le=65535)
    allow_public: bool = False
    public_url: str = Field(
        default="http://127.0.0.1:8070/", description="the address residents open (posters)"
    )
    kiosk: bool = Field(default=False, description="a shared device: clear after a quiet while")
    kiosk_idle_seconds: float = Field(default=600.0, gt=0)
    kiosk_answer_seconds: float = Field(default=60.0, gt=0)
    max_chars: int = Field(default=1000, ge=1)
    # Sliding windows: messages per conversation and per address, new conversations per address.
    conversation_messages: int = Field(default=6, ge=1)
    conversation_window_seconds: float = Field(default=10.0, gt=0)
    address_messages: int = Field(default=60, ge=1)
    address_conversations: int = Field(default=20, ge=1)
    address_window_seconds: float = Field(default=60.0, gt=0)
    address_requests: int = Field(default=600, ge=1)  # every request, reading the page included
    instance: Annotated[Annotated[str, Field(max_length=64)] | None, Blank] = None
    drain_seconds: float = Field(default=10.0, ge=0)
    rasa_url: Annotated[str | None, Blank] = Field(default=None, validation_alias="RASA_URL")

    @model_validator(mode="after")
    def _refuse_public_interface(self) -> WebSettings:
        refuse_public(self.host, self.allow_public, "WEB", "behind an HTTPS proxy")
        return self

    @property
    def instance_name(self) -> str:
        """This instance's name among several sharing the database."""
        return self.instance or f"{socket.gethostname()}:web:{self.port}"[:64]

    @property
    def rasa(self) -> str:
        return (self.rasa_url or DEFAULT_RASA_URL).rstrip("/")

    def community_link(self, code: str) -> str:
        """The page's address for residents of the community with this link code."""
        return f"{self.public_url.rstrip('/')}/?c={code}"
