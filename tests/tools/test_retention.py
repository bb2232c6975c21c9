"""The retention command forgets what residents said before the period, and nothing newer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from catalog.models import HandoffMessage, HelpRequest, StuckEvent, WebConversation, WebMessage
from tests.conftest import build_catalog
from tools.retention import forget_older_than

NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.timezone.utc)


def test_old_conversations_stuck_words_and_handoffs_are_forgotten_recent_ones_kept(
    tmp_path: Path,
) -> None:
    conversations = f"sqlite:///{tmp_path / 'conversations.db'}"
    with create_engine(conversations).begin() as connection:
        connection.execute(
            text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp FLOAT)")
        )
        for sender, age in (("old", 100), ("recent", 3)):
            connection.execute(
                text("INSERT INTO events (sender_id, timestamp) VALUES (:s, :t)"),
                {"s": sender, "t": (NOW - dt.timedelta(days=age)).timestamp()},
            )
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    with sessions.begin() as session:
        for words, age in (("旧的话", 100), ("新的话", 3)):
            session.add(
                StuckEvent(
                    sender_id="r",
                    service_slug="pay-water",
                    step=1,
                    trouble="plain",
                    text=words,
                    created_at=NOW - dt.timedelta(days=age),
                )
            )
        request = HelpRequest(sender_id="r", reason="asked", created_at=NOW)
        session.add(request)
        session.flush()
        for words, age in (("旧的话", 100), ("新的话", 3)):
            session.add(
                HandoffMessage(
                    request_id=request.id,
                    author="resident",
                    kind="text",
                    text=words,
                    created_at=NOW - dt.timedelta(days=age),
                )
            )
        for conversation, words, age in (("o" * 32, "旧的话", 100), ("n" * 32, "新的话", 3)):
            at = NOW - dt.timedelta(days=age)
            session.add(WebConversation(id=conversation, sender_id="web-r", started_at=at))
            session.flush()
            session.add(
                WebMessage(conversation_id=conversation, author="resident", text=words, sent_at=at)
            )
    forgotten = forget_older_than(90, conversations, sessions, now=NOW)
    assert (forgotten.events, forgotten.typed_words, forgotten.handoff_messages) == (1, 1, 1)
    assert forgotten.web_lines == 1
    with create_engine(conversations).connect() as connection:
        assert connection.execute(text("SELECT sender_id FROM events")).scalars().all() == [
            "recent"
        ]
    with sessions() as session:
        assert sorted(session.scalars(select(StuckEvent.text))) == ["", "新的话"]
        assert session.scalars(select(HandoffMessage.text)).all() == ["新的话"]
        assert session.scalars(select(WebMessage.text)).all() == ["新的话"]
        assert session.scalars(select(WebConversation.id)).all() == ["n" * 32]


def test_a_period_shorter_than_a_session_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 2 days"):
        forget_older_than(
            1, f"sqlite:///{tmp_path / 'c.db'}", build_catalog(f"sqlite:///{tmp_path / 'a.db'}")
        )
