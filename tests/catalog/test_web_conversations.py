"""A web conversation keeps its recent messages masked, shows them after a given number, and
is forgotten whole; retention keeps one whose resident awaits a reminder there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from catalog import web_conversations
from catalog.database import make_engine, make_session_factory
from catalog.models import Reminder, WebConversation
from catalog.schema_migration import upgrade_to_head

CONVERSATION = "c" * 32


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade_to_head(engine)
    return make_session_factory(engine)


def test_a_started_conversation_knows_its_sender(sessions: sessionmaker[Session]) -> None:
    assert web_conversations.sender_of(sessions, CONVERSATION) is None
    web_conversations.start(sessions, CONVERSATION, "web-1")
    assert web_conversations.sender_of(sessions, CONVERSATION) == "web-1"


def test_messages_are_kept_masked_and_read_after_a_number(
    sessions: sessionmaker[Session],
) -> None:
    web_conversations.start(sessions, CONVERSATION, "web-1")
    first = web_conversations.add(sessions, CONVERSATION, "resident", "我的电话13912345678")
    buttons = [("下一步", "/next_step"), ("不办了", "/stop")]
    web_conversations.add(sessions, CONVERSATION, "assistant", "好的", buttons)
    lines = web_conversations.lines_after(sessions, CONVERSATION, 0)
    assert [(line.author, line.text) for line in lines] == [
        ("resident", "我的电话139****5678"),
        ("assistant", "好的"),
    ]
    assert lines[1].buttons == [
        {"title": "下一步", "payload": "/next_step"},
        {"title": "不办了", "payload": "/stop"},
    ]
    assert [line.text for line in web_conversations.lines_after(sessions, CONVERSATION, first)] == [
        "好的"
    ]


def test_only_the_recent_messages_are_kept(sessions: sessionmaker[Session]) -> None:
    web_conversations.start(sessions, CONVERSATION, "web-1")
    for number in range(web_conversations.KEPT_MESSAGES + 5):
        web_conversations.add(sessions, CONVERSATION, "resident", f"第{number}条")
    lines = web_conversations.lines_after(sessions, CONVERSATION, 0)
    assert len(lines) == web_conversations.KEPT_MESSAGES
    assert lines[-1].text == f"第{web_conversations.KEPT_MESSAGES + 4}条"


def test_a_forgotten_conversation_leaves_nothing(sessions: sessionmaker[Session]) -> None:
    web_conversations.start(sessions, CONVERSATION, "web-1")
    web_conversations.add(sessions, CONVERSATION, "resident", "你好")
    web_conversations.forget(sessions, CONVERSATION)
    assert web_conversations.sender_of(sessions, CONVERSATION) is None
    assert web_conversations.lines_after(sessions, CONVERSATION, 0) == []


def test_retention_keeps_a_conversation_whose_resident_awaits_a_reminder_there(
    sessions: sessionmaker[Session],
) -> None:
    long_ago = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    awaited = {  # conversation: its resident's reminder (status, due on)
        "a" * 32: ("active", dt.date(2026, 12, 31)),
        "b" * 32: ("cancelled", dt.date(2026, 12, 31)),
        "d" * 32: ("active", dt.date(2026, 3, 1)),  # its day passed before the cut
    }
    with sessions.begin() as session:
        for conversation, (status, due_on) in awaited.items():
            sender = f"web-{conversation[0]}"
            session.add(WebConversation(id=conversation, sender_id=sender, started_at=long_ago))
            session.add(
                Reminder(
                    sender_id=sender,
                    service_slug="pension-certification",
                    due_on=due_on,
                    status=status,
                    channel="web",
                    recipient=conversation,
                )
            )
    with sessions.begin() as session:
        web_conversations.forget_before(session, dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc))
    kept = [c for c in awaited if web_conversations.sender_of(sessions, c) is not None]
    assert kept == ["a" * 32]
