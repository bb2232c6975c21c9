"""The admin's settings, from `ADMIN_*` environment variables (see `.env.example`)."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from catalog.database import DATA_DIR, PROJECT_ROOT
from lifecycle import rasa_token
from lifecycle.listening import is_loopback, refuse_public


class AdminSettings(BaseSettings):
    """Where the admin listens, how sign-in is protected, and where Rasa is."""

    model_config = SettingsConfigDict(env_prefix="ADMIN_", frozen=True)

    host: str = Field(default="127.0.0.1", description="interface to listen on")
    port: int = Field(default=8000, ge=1, le=65535)
    allow_public: bool = Field(
        default=False, description="listen on a non-loopback interface (behind HTTPS only)"
    )
    secret_key: str = Field(
        default_factory=lambda: secrets.token_urlsafe(32),
        min_length=32,
        description="signs session cookies; set it so sign-ins survive a restart",
    )
    https_only: bool | None = Field(
        default=None, description="Secure cookies; default: on unless listening on loopback"
    )
    session_hours: float = Field(default=8, gt=0)
    max_failed_logins: int = Field(default=5, ge=1)
    lockout_minutes: float = Field(default=15, gt=0)
    rasa_url: str = Field(default="http://127.0.0.1:5005", validation_alias="RASA_URL")
    rasa_token: str = Field(
        default_factory=lambda: rasa_token.rasa_token(DATA_DIR),
        min_length=1,
        validation_alias="RASA_TOKEN",
        description="Rasa's HTTP API token; default: the one kept in DATA_DIR for local servers",
    )
    model_dir: Path = Field(default=PROJECT_ROOT / "models", description="where trainings go")

    @model_validator(mode="after")
    def _refuse_public_interface(self) -> AdminSettings:
        refuse_public(self.host, self.allow_public, "ADMIN", "and serve it behind HTTPS")
        return self

    @property
    def is_loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def secure_cookies(self) -> bool:
        return self.https_only if self.https_only is not None else not self.is_loopback
