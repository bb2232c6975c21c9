"""What the gateways' unit tests share: the app database as a gateway reads it."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.app_database import AppDatabase


@pytest.fixture
def db(sessions: sessionmaker[Session]) -> AppDatabase:
    """A fresh, migrated app database, behind the gateways' async access."""
    return AppDatabase(sessions)
