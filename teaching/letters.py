"""A guided session whose resident is on another channel than their worker: what goes between
them through the outbox (`handoff.outbox`), each gateway delivering only to its own people.

For the resident: Rasa's replies the worker's gateway asked for (the guide it started, the
recap). For the worker: the resident's answer to the consent question and the guide's progress
their gateway read in Rasa's replies (masked)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from handoff import outbox
from handoff.outbox import Letter
from handoff.queue import Chat
from teaching import sessions as guided_sessions
from teaching.sessions import Progress

AGREED, DECLINED, PROGRESS = "agreed", "declined", "progress"


def replies_to_resident(
    sessions: sessionmaker[Session], session_id: int, chat: Chat, replies: list[dict[str, Any]]
) -> None:
    """Rasa's replies (as REST data) for the session's resident, at `chat` on their channel."""
    outbox.for_resident(sessions, chat, outbox.REPLIES, replies=replies, session_id=session_id)


def consent_to_worker(sessions: sessionmaker[Session], session_id: int, agreed: bool) -> None:
    outbox.to_worker(sessions, None, AGREED if agreed else DECLINED, session_id=session_id)


def progress_to_worker(
    sessions: sessionmaker[Session], sender_id: str, data: dict[str, Any]
) -> bool:
    """A reply's data for the resident `sender_id`: its progress for the worker guiding them, if
    they are in an active session; True if so."""
    progress = Progress.from_data(data)  # what they said is masked here
    if progress is None:
        return False
    guided = guided_sessions.active_for_resident(sessions, sender_id)
    if guided is None:
        return False
    fields = dataclasses.asdict(progress)
    outbox.to_worker(sessions, None, PROGRESS, session_id=guided.id, data=fields)
    return True


def take_for_workers(sessions: sessionmaker[Session], now: dt.datetime) -> list[Letter]:
    """The sessions' letters for workers, each taken once."""
    return outbox.take(sessions, outbox.WORKER, now, about=outbox.SESSION)


def progress_of(letter: Letter) -> Progress | None:
    """The progress a `PROGRESS` letter carries."""
    return Progress(**letter.data) if letter.kind == PROGRESS and letter.data else None
