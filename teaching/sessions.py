"""A guided session: a worker and one resident, one service at a time.

waiting (a join code was given) → asking (the resident opened it; their consent is asked) →
active (they agreed) → ended. The resident's chat (on any channel) is kept while it is not
ended.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import GuidedSession, SessionEvent
from handoff.clock import as_utc
from handoff.queue import Chat
from handoff.staff import CODE_ALPHABET, new_code
from privacy.masking import mask_personal_data

CODE_LENGTH = 6
LINK_PREFIX = "s_"  # a link's or QR code's start parameter: s_<code>
TYPED_CODE = rf"^\s*[{CODE_ALPHABET}{CODE_ALPHABET.lower()}]{{{CODE_LENGTH}}}\s*$"
OUTCOMES = ("learned", "partly", "not_yet")
OPEN = ("waiting", "asking", "active")
EVENTS = ("started", "step", "stuck", "finished", "done", "not_done", "stopped")


@dataclass(frozen=True)
class GuidedSessionView:
    id: int
    code: str
    worker_id: int
    status: str
    sender_id: str | None
    chat_id: int | None
    channel: str | None
    recipient: str | None
    service_slug: str | None
    total_steps: int | None
    step_reached: int
    created_at: dt.datetime
    started_at: dt.datetime | None

    @property
    def chat(self) -> Chat | None:
        """Where the resident is reached, while the session is not ended."""
        if self.channel is None or (self.chat_id is None and self.recipient is None):
            return None
        return Chat(self.channel, self.chat_id, self.recipient)


def looks_like_code(text: str) -> bool:
    """Whether a resident's message may be a join code they typed."""
    return re.match(TYPED_CODE, text) is not None


@dataclass(frozen=True)
class Progress:
    """What the guide reported with a reply (`json_message` {"guide": …})."""

    service: str
    step: int
    total: int
    event: str
    said: str = ""

    @classmethod
    def from_data(cls, data: dict) -> Progress | None:
        guide = data.get("guide")
        if not isinstance(guide, dict) or guide.get("event") not in EVENTS:
            return None
        return cls(
            service=str(guide.get("service")),
            step=int(guide.get("step") or 0),
            total=int(guide.get("total") or 0),
            event=guide["event"],
            said=mask_personal_data(str(guide.get("said") or "")),
        )


def create(sessions: sessionmaker[Session], worker_id: int) -> GuidedSessionView:
    """A new session waiting for its resident; the worker's earlier open ones end."""
    with sessions.begin() as session:
        session.execute(
            update(GuidedSession)
            .where(GuidedSession.worker_id == worker_id, GuidedSession.status.in_(OPEN))
            .values(status="ended", chat_id=None, recipient=None)
        )
        guided = GuidedSession(code=new_code(CODE_LENGTH), worker_id=worker_id, status="waiting")
        session.add(guided)
        session.flush()
        return _view(guided)


def invite_resident(
    sessions: sessionmaker[Session], worker_id: int, sender_id: str, chat: Chat
) -> GuidedSessionView:
    """A session with a resident the worker already knows (from a class): consent is asked."""
    created = create(sessions, worker_id)
    with sessions.begin() as session:
        guided = session.get(GuidedSession, created.id)
        _ask(guided, sender_id, chat)
        return _view(guided)


def open_code(
    sessions: sessionmaker[Session], code: str, sender_id: str, chat: Chat
) -> GuidedSessionView | None:
    """The resident opened a join code: their consent is asked next. None if no such code."""
    with sessions.begin() as session:
        guided = session.scalars(
            select(GuidedSession).where(
                GuidedSession.code == code.strip().upper(), GuidedSession.status == "waiting"
            )
        ).one_or_none()
        if guided is None:
            return None
        _ask(guided, sender_id, chat)
        return _view(guided)


def _ask(guided: GuidedSession, sender_id: str, chat: Chat) -> None:
    guided.status, guided.sender_id = "asking", sender_id
    guided.channel, guided.chat_id, guided.recipient = chat.channel, chat.chat_id, chat.recipient


def answer_consent(
    sessions: sessionmaker[Session], session_id: int, sender_id: str, agreed: bool, now: dt.datetime
) -> GuidedSessionView | None:
    """The resident agreed (active) or not (ended); None if it was not theirs to answer."""
    with sessions.begin() as session:
        guided = session.get(GuidedSession, session_id)
        if guided is None or guided.sender_id != sender_id or guided.status != "asking":
            return None
        if agreed:
            guided.status, guided.started_at = "active", now
        else:
            _forget_chat(guided)
            guided.status, guided.ended_at = "ended", now
        return _view(guided)


def choose_service(
    sessions: sessionmaker[Session], session_id: int, slug: str, total_steps: int
) -> GuidedSessionView | None:
    """The worker picked what to learn; the session, or None if it is not active."""
    with sessions.begin() as session:
        guided = session.get(GuidedSession, session_id)
        if guided is None or guided.status != "active":
            return None
        guided.service_slug, guided.total_steps = slug, total_steps
        return _view(guided)


def record(
    sessions: sessionmaker[Session], sender_id: str, progress: Progress
) -> GuidedSessionView | None:
    """Note the resident's progress in their active session; None if they are in none."""
    with sessions.begin() as session:
        guided = session.scalars(
            select(GuidedSession).where(
                GuidedSession.sender_id == sender_id, GuidedSession.status == "active"
            )
        ).first()
        if guided is None:
            return None
        if guided.service_slug != progress.service:
            guided.service_slug, guided.total_steps = progress.service, progress.total
        guided.step_reached = max(guided.step_reached, progress.step)
        session.add(
            SessionEvent(
                session_id=guided.id, event=progress.event, step=progress.step, text=progress.said
            )
        )
        return _view(guided)


def end(
    sessions: sessionmaker[Session],
    session_id: int,
    now: dt.datetime,
    outcome: str | None = None,
    note: str | None = None,
) -> GuidedSessionView | None:
    """End an open session; returns it with the resident's chat, forgotten from now on."""
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    with sessions.begin() as session:
        guided = session.get(GuidedSession, session_id)
        if guided is None or guided.status not in OPEN:
            return None
        view = _view(guided)
        _forget_chat(guided)
        guided.status, guided.ended_at = "ended", now
        guided.outcome = outcome
        guided.note = mask_personal_data(note) if note else None
        return view


def step_left_at(
    sessions: sessionmaker[Session], sender_id: str, slug: str, before: int
) -> int | None:
    """Where the resident's last session on this service (before session `before`) stopped,
    unless they had learned it: a resident invited back continues there."""
    with sessions() as session:
        earlier = session.scalars(
            select(GuidedSession)
            .where(
                GuidedSession.sender_id == sender_id,
                GuidedSession.service_slug == slug,
                GuidedSession.status == "ended",
                GuidedSession.id < before,
            )
            .order_by(GuidedSession.id.desc())
        ).first()
        if earlier is None or earlier.outcome == "learned" or earlier.step_reached < 2:
            return None
        return earlier.step_reached


def set_outcome(sessions: sessionmaker[Session], session_id: int, outcome: str) -> None:
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    with sessions.begin() as session:
        guided = session.get(GuidedSession, session_id)
        if guided is not None:
            guided.outcome = outcome


def open_for_worker(sessions: sessionmaker[Session], worker_id: int) -> GuidedSessionView | None:
    return _first(sessions, GuidedSession.worker_id == worker_id)


def active_for_resident(
    sessions: sessionmaker[Session], sender_id: str
) -> GuidedSessionView | None:
    return _first(sessions, GuidedSession.sender_id == sender_id, ("active",))


def events(sessions: sessionmaker[Session], session_id: int) -> list[SessionEvent]:
    with sessions() as session:
        return list(
            session.scalars(
                select(SessionEvent)
                .where(SessionEvent.session_id == session_id)
                .order_by(SessionEvent.id)
            )
        )


def get(sessions: sessionmaker[Session], session_id: int) -> GuidedSession | None:
    with sessions() as session:
        return session.get(GuidedSession, session_id)


def _first(
    sessions: sessionmaker[Session], condition, statuses: tuple[str, ...] = OPEN
) -> GuidedSessionView | None:
    with sessions() as session:
        guided = session.scalars(
            select(GuidedSession)
            .where(condition, GuidedSession.status.in_(statuses))
            .order_by(GuidedSession.id.desc())
        ).first()
        return _view(guided) if guided else None


def _forget_chat(guided: GuidedSession) -> None:
    guided.chat_id = guided.recipient = None


def _view(guided: GuidedSession) -> GuidedSessionView:
    return GuidedSessionView(
        id=guided.id,
        code=guided.code,
        worker_id=guided.worker_id,
        status=guided.status,
        sender_id=guided.sender_id,
        chat_id=guided.chat_id,
        channel=guided.channel,
        recipient=guided.recipient,
        service_slug=guided.service_slug,
        total_steps=guided.total_steps,
        step_reached=guided.step_reached,
        created_at=as_utc(guided.created_at),
        started_at=as_utc(guided.started_at) if guided.started_at else None,
    )
