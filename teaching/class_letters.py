"""A class followed by residents on another channel than the worker's (the class runs in a
Telegram group; a WeChat resident follows it by its code): what goes between them through the
outbox (`handoff.outbox`), each gateway delivering only to its own people.

For the member: each step with its answers, a worker's nudge, the consent question of a
one-to-one session, the recap (as Rasa's REST replies or plain words). For the worker: that a
member answered, so the worker's gateway shows the tally again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from handoff import outbox
from handoff.outbox import Letter
from handoff.queue import Chat

ANSWERED = "answered"


def replies_to_member(
    sessions: sessionmaker[Session], class_id: int, chat: Chat, replies: list[dict[str, Any]]
) -> None:
    """Replies (as REST data: text and buttons) for the class's member at `chat`."""
    outbox.for_resident(sessions, chat, outbox.REPLIES, replies=replies, class_id=class_id)


def answered_to_worker(sessions: sessionmaker[Session], class_id: int) -> None:
    """A member on another channel answered on a step: the tally changed."""
    outbox.to_worker(sessions, None, ANSWERED, class_id=class_id)


def take_for_workers(sessions: sessionmaker[Session], now: dt.datetime) -> list[Letter]:
    """The classes' letters for workers, each taken once."""
    return outbox.take(sessions, outbox.WORKER, now, about=outbox.CLASS)
