"""Reminders' settings, from `REMINDERS_*` environment variables (see `.env.example`)."""

from __future__ import annotations

from functools import cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ReminderSettings(BaseSettings):
    """When in the resident's day notices may be sent, how long before the due day, and how
    soon a failed one is tried again."""

    model_config = SettingsConfigDict(env_prefix="REMINDERS_", frozen=True)

    daytime: str = Field(default="09:00-20:00", pattern=r"^\d{2}:\d{2}-\d{2}:\d{2}$")
    timezone: str = "Asia/Shanghai"
    days_before: tuple[int, ...] = (30, 7)
    retry_minutes: float = Field(default=60, gt=0)


@cache
def reminder_settings() -> ReminderSettings:
    """The settings of this process, read once."""
    return ReminderSettings()
