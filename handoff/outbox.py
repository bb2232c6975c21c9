"""Messages between a resident and a worker who are on different channels, in a handoff, a
guided session or a class. Each gateway delivers only to its own people: a message is put here
for "the resident of request (session, class) N" (with the resident's channel and address, kept
even after it closes) or "the worker of request (session, class) N", and the gateway that
reaches that person takes it, once, on its regular look. A letter the resident's channel
refuses (WeChat's 48-hour window) is held, and goes at the first look after the resident writes
again.

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
REQUEST, SESSION, CLASS = (
    "request",
    "session",
    "class",
)  # what a letter is about, to take only those
REPLIES = "replies"  # the assistant's replies for the resident (`BotMessage`s as REST data)
# Words for a family helper (a request shown, the resident's words), as REST data too: the
# helper's gateway shows their buttons its own way.
HELPER = "helper"
END = "end"  # the resident asked to end the talk; the workers' gateway hands back
TAKEN_AT_ONCE = 50


@dataclass(frozen=True)
class Letter:
    """One message taken for delivery; `chat` is the resident's, for them."""

    id: int
    request_id: int | None
    kind: str
    text: str = ""
    replies: list[dict[str, Any]] = field(default_factory=list)
    chat: Chat | None = None
    session_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    class_id: int | None = None


def to_resident(
    sessions: sessionmaker[Session],
    request: Request,
    kind: str,
    text: str = "",
    replies: list[dict[str, Any]] | None = None,
) -> bool:
    """For the resident of `request`, on their channel; False when they cannot be reached."""
    return for_resident(sessions, request.chat, kind, text, replies, request_id=request.id)


def for_resident(
    sessions: sessionmaker[Session],
    chat: Chat | None,
    kind: str,
    text: str = "",
    replies: list[dict[str, Any]] | None = None,
    *,
    request_id: int | None = None,
    session_id: int | None = None,
    class_id: int | None = None,
) -> bool:
    """For the resident at `chat`, of a request, a session or a class; False when there is no
    chat."""
    if chat is None:
        return False
    with sessions.begin() as session:
        session.add(
            OutboxMessage(
                request_id=request_id,
                session_id=session_id,
                class_id=class_id,
                to=RESIDENT,
                channel=chat.channel,
                chat_id=chat.chat_id,
                recipient=chat.recipient,
                kind=kind,
                text=text,
                replies=replies,
            )
        )
    return True


def to_worker(
    sessions: sessionmaker[Session],
    request_id: int | None,
    kind: str,
    text: str = "",
    *,
    session_id: int | None = None,
    class_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """For the worker of the request, session or class; `text` is masked here (`data` is masked by
    whoever puts it)."""
    with sessions.begin() as session:
        session.add(
            OutboxMessage(
                request_id=request_id,
                session_id=session_id,
                class_id=class_id,
                to=WORKER,
                kind=kind,
                text=mask_personal_data(text),
                data=data,
            )
        )


def take(
    sessions: sessionmaker[Session],
    to: str,
    now: dt.datetime,
    channel: str | None = None,
    about: str | None = None,
) -> list[Letter]:
    """Undelivered messages for residents on `channel`, or for workers (`channel` None), about
    requests, sessions, classes or (`about` None) all, oldest first; each marked delivered by
    this call only, so a second gateway gets none of them."""
    condition = OutboxMessage.channel == channel if channel else OutboxMessage.channel.is_(None)
    if about == REQUEST:
        condition = condition & OutboxMessage.request_id.is_not(None)
    elif about == SESSION:
        condition = condition & OutboxMessage.session_id.is_not(None)
    elif about == CLASS:
        condition = condition & OutboxMessage.class_id.is_not(None)
    with sessions() as session:
        waiting = session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.to == to,
                condition,
                OutboxMessage.delivered_at.is_(None),
                OutboxMessage.held_at.is_(None),
            )
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
                .values(delivered_at=now, text="", replies=None, data=None)
                .execution_options(synchronize_session=False)
            ).rowcount
        if marked:
            taken.append(letter)
    return taken


def hold(sessions: sessionmaker[Session], letter: Letter, now: dt.datetime) -> None:
    """A letter for a resident that their channel refused: kept again, unsent, until they write
    (`release`)."""
    chat = letter.chat
    with sessions.begin() as session:
        session.add(
            OutboxMessage(
                request_id=letter.request_id,
                session_id=letter.session_id,
                class_id=letter.class_id,
                to=RESIDENT,
                channel=chat.channel if chat else None,
                chat_id=chat.chat_id if chat else None,
                recipient=chat.recipient if chat else None,
                kind=letter.kind,
                text=letter.text,
                replies=letter.replies or None,
                data=letter.data or None,
                held_at=now,
            )
        )


def release(sessions: sessionmaker[Session], chat: Chat) -> int:
    """The resident at `chat` wrote: the letters held for them go at the next look; how many."""
    address = (
        OutboxMessage.recipient == chat.recipient
        if chat.recipient
        else OutboxMessage.chat_id == chat.chat_id
    )
    with sessions.begin() as session:
        return session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.to == RESIDENT,
                OutboxMessage.channel == chat.channel,
                address,
                OutboxMessage.held_at.is_not(None),
                OutboxMessage.delivered_at.is_(None),
            )
            .values(held_at=None)
            .execution_options(synchronize_session=False)
        ).rowcount


def _letter(row: OutboxMessage) -> Letter:
    chat = Chat(row.channel, row.chat_id, row.recipient) if row.channel else None
    replies = list(row.replies or [])
    return Letter(
        row.id,
        row.request_id,
        row.kind,
        row.text,
        replies,
        chat,
        row.session_id,
        row.data or {},
        row.class_id,
    )
