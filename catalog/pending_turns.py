"""Keep and forget the messages a gateway is still delivering (`catalog.models.PendingTurn`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import PendingTurn


def keep(
    sessions: sessionmaker[Session],
    *,
    channel: str,
    sender_id: str,
    chat_id: int,
    reply_to: int | None,
    text: str,
    metadata: dict[str, Any],
) -> int:
    """Store a received message before it is delivered; returns its id."""
    with sessions.begin() as session:
        turn = PendingTurn(
            channel=channel,
            sender_id=sender_id,
            chat_id=chat_id,
            reply_to=reply_to,
            text=text,
            message_metadata=metadata,
        )
        session.add(turn)
        session.flush()
        return turn.id


def forget(sessions: sessionmaker[Session], turn_id: int) -> None:
    """The message has been answered (or given up with an apology)."""
    with sessions.begin() as session:
        session.execute(delete(PendingTurn).where(PendingTurn.id == turn_id))


def waiting(sessions: sessionmaker[Session], channel: str) -> list[PendingTurn]:
    """Every message of `channel` still to deliver, oldest first."""
    with sessions() as session:
        return list(
            session.scalars(
                select(PendingTurn).where(PendingTurn.channel == channel).order_by(PendingTurn.id)
            )
        )
