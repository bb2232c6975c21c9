"""Keep and read the buttons last offered to each resident (`catalog.models.OfferedChoices`)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from catalog.models import OfferedChoices


def keep(sessions: sessionmaker[Session], sender_id: str, choices: dict[str, str]) -> None:
    """Replace what the resident was offered before."""
    with sessions.begin() as session:
        session.merge(OfferedChoices(sender_id=sender_id, choices=choices))


def offered(sessions: sessionmaker[Session], sender_id: str) -> dict[str, str] | None:
    """title → payload of the resident's last keyboard, None if none is kept."""
    with sessions() as session:
        row = session.get(OfferedChoices, sender_id)
        return dict(row.choices) if row else None
