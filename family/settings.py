"""Family helpers' settings, from `FAMILY_*` environment variables (see `.env.example`)."""

from __future__ import annotations

from functools import cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class FamilySettings(BaseSettings):
    """The link a resident sends a family member with the code (a deep link into the Telegram
    bot, for example; without it the resident sends the code alone), and how long a resident
    asking the family waits for an answer."""

    model_config = SettingsConfigDict(env_prefix="FAMILY_", frozen=True)

    link: str | None = Field(
        default=None,
        description="with {code}, e.g. 'https://t.me/<bot username>?start=f_{code}'",
    )
    wait_minutes: float = Field(
        default=10,
        gt=0,
        description="how long helpers have to answer before the workers are offered",
    )


@cache
def family_settings() -> FamilySettings:
    """The settings of this process, read once."""
    return FamilySettings()
