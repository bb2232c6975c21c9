"""What is kept about a help request besides its state: the worker's outcome and notes, the
masked transcript of what was relayed, the messages that announced it to workers, and what the
resident typed when stuck."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import HandoffMessage, HandoffNotice, HelpRequest, StuckEvent
from catalog.models.handoffs import OUTCOMES
from handoff.queue import Request, view
from privacy.masking import mask_personal_data


def set_outcome(sessions: sessionmaker[Session], request_id: int, outcome: str) -> None:
    """The worker's outcome of a request they handed back without one."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    with sessions.begin() as session:
        session.execute(
            update(HelpRequest)
            .where(HelpRequest.id == request_id, HelpRequest.status == "resolved")
            .values(outcome=outcome)
        )


def add_note(sessions: sessionmaker[Session], request_id: int, note: str) -> None:
    """Append a worker's note (masked) to the request."""
    note = mask_personal_data(note.strip())
    with sessions.begin() as session:
        request = session.get(HelpRequest, request_id)
        if request is not None and note:
            request.note = f"{request.note}\n{note}" if request.note else note


def latest_of_worker(sessions: sessionmaker[Session], worker_id: int) -> Request | None:
    """The request the worker handled last (to add a note after handing back)."""
    with sessions() as session:
        request = session.scalars(
            select(HelpRequest)
            .where(HelpRequest.worker_id == worker_id)
            .order_by(HelpRequest.claimed_at.desc(), HelpRequest.id.desc())
        ).first()
        return view(session, request) if request else None


def record_message(
    sessions: sessionmaker[Session], request_id: int, author: str, kind: str, text: str = ""
) -> None:
    """Keep one relayed message of the transcript, masked."""
    with sessions.begin() as session:
        session.add(
            HandoffMessage(
                request_id=request_id, author=author, kind=kind, text=mask_personal_data(text)
            )
        )


def transcript(sessions: sessionmaker[Session], request_id: int) -> list[HandoffMessage]:
    with sessions() as session:
        return list(
            session.scalars(
                select(HandoffMessage)
                .where(HandoffMessage.request_id == request_id)
                .order_by(HandoffMessage.id)
            )
        )


def add_notice(
    sessions: sessionmaker[Session],
    request_id: int,
    chat_id: int,
    message_id: int,
    thread_id: int | None = None,
) -> None:
    """Remember a message that announced the request, to edit it once someone claimed it."""
    with sessions.begin() as session:
        session.add(
            HandoffNotice(
                request_id=request_id, chat_id=chat_id, message_id=message_id, thread_id=thread_id
            )
        )


def topic_of(sessions: sessionmaker[Session], request_id: int, chat_id: int) -> int | None:
    """The forum topic the request was announced in, in the chat `chat_id`, if any."""
    with sessions() as session:
        return session.scalars(
            select(HandoffNotice.thread_id).where(
                HandoffNotice.request_id == request_id,
                HandoffNotice.chat_id == chat_id,
                HandoffNotice.thread_id.is_not(None),
            )
        ).first()


def notices(sessions: sessionmaker[Session], request_id: int) -> list[tuple[int, int]]:
    """(chat id, message id) of every announcement of the request."""
    with sessions() as session:
        rows = session.execute(
            select(HandoffNotice.chat_id, HandoffNotice.message_id).where(
                HandoffNotice.request_id == request_id
            )
        )
        return [(chat_id, message_id) for chat_id, message_id in rows]


def stuck_words(sessions: sessionmaker[Session], request: Request) -> str | None:
    """What the resident typed (masked) when last stuck on the request's step, if anything."""
    if request.service_slug is None or request.step is None:
        return None
    with sessions() as session:
        return session.scalars(
            select(StuckEvent.text)
            .where(
                StuckEvent.sender_id == request.sender_id,
                StuckEvent.service_slug == request.service_slug,
                StuckEvent.step == request.step,
                StuckEvent.text != "",
            )
            .order_by(StuckEvent.id.desc())
        ).first()
