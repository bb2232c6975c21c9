"""The action server's one connection to the catalog database."""

from __future__ import annotations

from functools import cache

from sqlalchemy.orm import Session, sessionmaker

from catalog.database import make_session_factory


@cache
def catalog_sessions() -> sessionmaker[Session]:
    """The session factory, created on first use and shared by every action."""
    return make_session_factory()
