"""The handoff's settings, from `HANDOFF_*` environment variables (see `.env.example`)."""

from __future__ import annotations

from functools import cache
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from handoff.hours import OpeningHours


class HandoffSettings(BaseSettings):
    """How long residents wait, when workers are there, and how often the queue is looked at."""

    model_config = SettingsConfigDict(env_prefix="HANDOFF_", frozen=True)

    opening_hours: Annotated[OpeningHours, NoDecode] = Field(
        default=OpeningHours.parse("mon-fri 09:00-17:00"),
        description="when workers answer, e.g. 'mon-fri 09:00-17:00' or 'always'",
    )
    timezone: str = "Asia/Shanghai"
    wait_minutes: float = Field(default=15, gt=0, description="a pending request expires after")
    reannounce_minutes: float = Field(default=5, gt=0, description="re-announce a waiting request")
    check_seconds: float = Field(default=10, gt=0, description="how often the queue is looked at")
    invite_hours: float = Field(default=24, gt=0, description="an invite code is valid for")

    @field_validator("opening_hours", mode="before")
    @classmethod
    def _parse_hours(cls, value: object) -> object:
        return OpeningHours.parse(value) if isinstance(value, str) else value


@cache
def handoff_settings() -> HandoffSettings:
    """The settings of this process, read once."""
    return HandoffSettings()
