"""The declarative base every table of the app database shares (one Alembic history)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base of every table; Alembic reads its metadata."""
