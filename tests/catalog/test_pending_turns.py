"""Messages a gateway is delivering are kept in order per channel until forgotten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from catalog import offered_choices, pending_turns, received_updates
from catalog.database import make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head
from tests.conftest import build_catalog

NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.timezone.utc)


def keep(
    sessions: sessionmaker[Session],
    text: str,
    channel: str = "telegram",
    owner: str = "a",
    sender_id: str = "tg-a",
) -> int:
    return pending_turns.keep(
        sessions,
        channel=channel,
        owner=owner,
        sender_id=sender_id,
        chat_id=-1001234567890,
        reply_to=None,
        text=text,
        metadata={"message_id": text},
    )


def texts(turns) -> list[str]:
    return [turn.text for turn in turns]


def test_one_residents_kept_messages_can_be_asked_for(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    for text, sender_id in (("一", "tg-a"), ("二", "tg-b"), ("三", "tg-a")):
        keep(sessions, text, sender_id=sender_id)
    assert texts(pending_turns.waiting(sessions, "telegram", "a", "tg-a")) == ["一", "三"]
    assert texts(pending_turns.waiting(sessions, "telegram", "a", "tg-b")) == ["二"]


def test_kept_messages_wait_in_order_until_forgotten(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    ids = [keep(sessions, "一"), keep(sessions, "二", channel="other"), keep(sessions, "三")]
    assert texts(pending_turns.waiting(sessions, "telegram", "a")) == ["一", "三"]
    assert pending_turns.waiting(sessions, "telegram", "b") == []
    pending_turns.forget(sessions, ids[0])
    (left,) = pending_turns.waiting(sessions, "telegram", "a")
    assert (left.text, left.chat_id, left.message_metadata) == (
        "三",
        -1001234567890,
        {"message_id": "三"},
    )


def test_only_the_messages_of_a_gone_instance_are_adopted_and_only_once(tmp_path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    pending_turns.seen_alive(sessions, "a", NOW)
    pending_turns.seen_alive(sessions, "b", NOW + dt.timedelta(seconds=40))
    keep(sessions, "一", owner="a")
    keep(sessions, "二", owner="b")
    keep(sessions, "三", owner="a")
    assert pending_turns.adopt(sessions, "telegram", "b", NOW) == []  # a is still alive
    gone_before = NOW + dt.timedelta(seconds=30)
    assert texts(pending_turns.adopt(sessions, "telegram", "b", gone_before)) == ["一", "三"]
    assert pending_turns.adopt(sessions, "telegram", "c", gone_before) == []
    assert texts(pending_turns.waiting(sessions, "telegram", "b")) == ["一", "二", "三"]


def test_offered_choices_are_kept_per_resident_and_replaced(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    assert offered_choices.offered(sessions, "tg-a") is None
    offered_choices.keep(sessions, "tg-a", {"继续": "/resume_guide"})
    offered_choices.keep(sessions, "tg-a", {"下一步": "/next_step"})
    assert offered_choices.offered(sessions, "tg-a") == {"下一步": "/next_step"}


def test_an_update_is_first_delivered_once_per_channel_and_forgotten_after_a_while(
    tmp_path: Path,
) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    assert received_updates.first_delivery(sessions, "telegram:1", 7, NOW)
    assert not received_updates.first_delivery(sessions, "telegram:1", 7, NOW)
    assert received_updates.first_delivery(sessions, "telegram:2", 7, NOW)  # another bot
    assert received_updates.first_delivery(sessions, "telegram:1", 8, NOW + dt.timedelta(days=2))
    assert received_updates.forget_before(sessions, NOW + dt.timedelta(days=1)) == 2
    assert received_updates.first_delivery(sessions, "telegram:1", 7, NOW)  # long forgotten
    assert not received_updates.first_delivery(sessions, "telegram:1", 8, NOW)
