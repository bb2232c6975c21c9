"""Keep and forget the messages a gateway is still delivering (`catalog.models.PendingTurn`).

Several gateway instances may share the database: each message belongs to the instance that
received it, and an instance resumes only its own (after a restart) and those of an instance
not seen alive for a while (stopped or killed), which it adopts in one conditional update, so
two survivors never both deliver the same message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import GatewayInstance, PendingTurn


def keep(
    sessions: sessionmaker[Session],
    *,
    channel: str,
    owner: str,
    sender_id: str,
    chat_id: int | None,
    reply_to: int | None,
    text: str,
    metadata: dict[str, Any],
    recipient: str | None = None,
) -> int:
    """Store a received message before it is delivered; returns its id. Its answers go to
    `chat_id` (quoting `reply_to`) or, on a channel that addresses people, to `recipient`."""
    with sessions.begin() as session:
        turn = PendingTurn(
            channel=channel,
            owner=owner,
            sender_id=sender_id,
            chat_id=chat_id,
            reply_to=reply_to,
            recipient=recipient,
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


def seen_alive(sessions: sessionmaker[Session], instance: str, now: dt.datetime) -> None:
    """`instance` is running: its messages are not to be adopted."""
    with sessions.begin() as session:
        session.merge(GatewayInstance(name=instance, seen_at=now))


def waiting(
    sessions: sessionmaker[Session], channel: str, owner: str, sender_id: str | None = None
) -> list[PendingTurn]:
    """`owner`'s messages of `channel` (of one resident, if `sender_id`) still to deliver,
    oldest first: after a restart, or when a channel can reach the resident again."""
    query = select(PendingTurn).where(PendingTurn.channel == channel, PendingTurn.owner == owner)
    if sender_id is not None:
        query = query.where(PendingTurn.sender_id == sender_id)
    with sessions() as session:
        return list(session.scalars(query.order_by(PendingTurn.id)))


def adopt(
    sessions: sessionmaker[Session], channel: str, owner: str, gone_before: dt.datetime
) -> list[PendingTurn]:
    """Take over the messages of instances last seen alive before `gone_before` (and of none),
    oldest first; each is adopted by one instance only."""
    with sessions.begin() as session:
        gone = select(GatewayInstance.name).where(
            GatewayInstance.seen_at < gone_before, GatewayInstance.name != owner
        )
        orphaned = or_(PendingTurn.owner.is_(None), PendingTurn.owner.in_(gone))
        candidates = list(
            session.scalars(select(PendingTurn.id).where(PendingTurn.channel == channel, orphaned))
        )
        if not candidates:
            return []
        session.execute(
            update(PendingTurn)
            .where(PendingTurn.id.in_(candidates), orphaned)
            .values(owner=owner)
            .execution_options(synchronize_session=False)
        )
        return list(
            session.scalars(
                select(PendingTurn)
                .where(PendingTurn.id.in_(candidates), PendingTurn.owner == owner)
                .order_by(PendingTurn.id)
            )
        )
