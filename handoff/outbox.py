"""Messages of a handoff between a resident and a worker who are on different channels. Each
gateway delivers only to its own people: a message is put here for "the resident of request N"
(with the resident's channel and address, kept even after the request closes) or "the worker of
request N", and the gateway that reaches that person takes it, once, on its regular look.

What reaches a worker is masked when put; what reaches a resident (the worker's words, the
assistant's replies) is kept as said until delivered, then cleared: the transcript
(`request_records`) is the record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import OutboxMessage
from handoff.queue import Chat, Request
from privacy.masking import mask_personal_data

RESIDENT, WORKER = "resident", "worker"
REPLIES = "replies"  # the assistant's replies for the resident (`BotMessage`s as REST data)
END = "end"  # the resident asked to end the talk; the workers' gateway hands back
TAKEN_AT_ONCE = 50


@dataclass(frozen=True)
class Letter:
    """One message taken for delivery; `chat` is the resident's, for them."""

    id: int
    request_id: int
    kind: str
    text: str = ""
    replies: list[dict[str, Any]] = field(default_factory=list)
    chat: Chat | None = None


def to_resident(
    sessions: sessionmaker[Session],
    request: Request,
    kind: str,
    text: str = "",
    replies: list[dict[str, Any]] | None = None,
) -> bool:
    """For the resident of `request`, on their channel; False when they cannot be reached."""
    if request.chat is None:
        return False
    with sessions.begin() as session:
        session.add(
            OutboxMessage(
                request_id=request.id,
                to=RESIDENT,
                channel=request.chat.channel,
                chat_id=request.chat.chat_id,
                recipient=request.chat.recipient,
                kind=kind,
                text=text,
                replies=replies,
            )
        )
    return True


def to_worker(sessions: sessionmaker[Session], request_id: int, kind: str, text: str = "") -> None:
    """For the worker of the request; `text` is masked here."""
    with sessions.begin() as session:
        session.add(
            OutboxMessage(
                request_id=request_id, to=WORKER, kind=kind, text=mask_personal_data(text)
            )
        )


def take(
    sessions: sessionmaker[Session], to: str, now: dt.datetime, channel: str | None = None
) -> list[Letter]:
    """Undelivered messages for residents on `channel`, or for workers (`channel` None), oldest
    first; each marked delivered by this call only, so a second gateway gets none of them."""
    condition = OutboxMessage.channel == channel if channel else OutboxMessage.channel.is_(None)
    with sessions() as session:
        waiting = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to == to, condition, OutboxMessage.delivered_at.is_(None))
            .order_by(OutboxMessage.id)
            .limit(TAKEN_AT_ONCE)
        ).all()
        letters = [_letter(row) for row in waiting]
    taken = []
    for letter in letters:
        with sessions.begin() as session:
            marked = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == letter.id, OutboxMessage.delivered_at.is_(None))
                .values(delivered_at=now, text="", replies=None)
                .execution_options(synchronize_session=False)
            ).rowcount
        if marked:
            taken.append(letter)
    return taken


def _letter(row: OutboxMessage) -> Letter:
    chat = Chat(row.channel, row.chat_id, row.recipient) if row.channel else None
    return Letter(row.id, row.request_id, row.kind, row.text, list(row.replies or []), chat)
