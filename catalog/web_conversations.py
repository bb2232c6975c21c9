"""Keep and read web chat conversations (`catalog.models.WebConversation`, `WebMessage`): the
conversation's recent messages, masked, so a page reloaded on the same device shows them
again. Forgotten when the resident starts afresh (换一个人用), or after the retention period
(the lines; the conversation itself is kept while its resident awaits a reminder there)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import Reminder, WebConversation, WebMessage
from privacy.masking import mask_personal_data

KEPT_MESSAGES = 60  # per conversation: the page shows these again after a reload


@dataclass(frozen=True)
class Line:
    """One message as the page shows it; each button a title and the payload a tap sends."""

    id: int
    author: str
    text: str
    buttons: list[dict[str, str]]


def start(sessions: sessionmaker[Session], conversation_id: str, sender_id: str) -> None:
    """A new conversation whose resident Rasa knows as `sender_id`."""
    with sessions.begin() as session:
        session.add(WebConversation(id=conversation_id, sender_id=sender_id))


def sender_of(sessions: sessionmaker[Session], conversation_id: str) -> str | None:
    """The conversation's Rasa sender id; None for a conversation never started (or forgotten)."""
    with sessions() as session:
        return session.scalar(
            select(WebConversation.sender_id).where(WebConversation.id == conversation_id)
        )


def add(
    sessions: sessionmaker[Session],
    conversation_id: str,
    author: str,
    text: str,
    buttons: list[tuple[str, str]] | None = None,
) -> int:
    """Keep one message, masked, with its buttons (title, payload); older ones beyond
    `KEPT_MESSAGES` are dropped. Its number."""
    with sessions.begin() as session:
        line = WebMessage(
            conversation_id=conversation_id,
            author=author,
            text=mask_personal_data(text),
            buttons=[
                {"title": mask_personal_data(title), "payload": payload}
                for title, payload in buttons or []
            ],
        )
        session.add(line)
        session.flush()
        oldest_kept = (
            select(WebMessage.id)
            .where(WebMessage.conversation_id == conversation_id)
            .order_by(WebMessage.id.desc())
            .offset(KEPT_MESSAGES - 1)
            .limit(1)
        )
        if (cut := session.scalar(oldest_kept)) is not None:
            session.execute(
                delete(WebMessage).where(
                    WebMessage.conversation_id == conversation_id, WebMessage.id < cut
                )
            )
        return line.id


def lines_after(sessions: sessionmaker[Session], conversation_id: str, after: int) -> list[Line]:
    """The conversation's kept messages numbered above `after`, oldest first."""
    with sessions() as session:
        rows = session.scalars(
            select(WebMessage)
            .where(WebMessage.conversation_id == conversation_id, WebMessage.id > after)
            .order_by(WebMessage.id)
        )
        return [Line(row.id, row.author, row.text, _buttons(row.buttons)) for row in rows]


def _buttons(kept: list | None) -> list[dict[str, str]]:
    """Buttons as kept; one kept as its title only (before taps carried their payload) is
    sent back as typed words."""
    return [b if isinstance(b, dict) else {"title": b, "payload": b} for b in kept or []]


def forget(sessions: sessionmaker[Session], conversation_id: str) -> None:
    """Drop the conversation and its messages (the resident started afresh)."""
    with sessions.begin() as session:
        session.execute(delete(WebMessage).where(WebMessage.conversation_id == conversation_id))
        session.execute(delete(WebConversation).where(WebConversation.id == conversation_id))


def forget_before(session: Session, before: dt.datetime) -> int:
    """In `session`: drop the lines sent before `before`, and the conversations started before
    it that have none left and no reminder still to come there; returns how many lines."""
    lines = session.execute(delete(WebMessage).where(WebMessage.sent_at < before)).rowcount
    emptied = select(WebMessage.id).where(WebMessage.conversation_id == WebConversation.id)
    reminding = select(Reminder.id).where(
        Reminder.sender_id == WebConversation.sender_id,
        Reminder.status == "active",
        Reminder.due_on >= before.date(),
    )
    session.execute(
        delete(WebConversation).where(
            WebConversation.started_at < before, ~emptied.exists(), ~reminding.exists()
        )
    )
    return lines or 0
