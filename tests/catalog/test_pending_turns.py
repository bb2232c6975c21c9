"""Messages a gateway is delivering are kept in order per channel until forgotten."""

from __future__ import annotations

from pathlib import Path

from catalog import offered_choices, pending_turns
from catalog.database import make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head
from tests.conftest import build_catalog


def test_kept_messages_wait_in_order_until_forgotten(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    ids = [
        pending_turns.keep(
            sessions,
            channel=channel,
            sender_id="tg-a",
            chat_id=-1001234567890,
            reply_to=None,
            text=text,
            metadata={"message_id": text},
        )
        for channel, text in (("telegram", "一"), ("other", "二"), ("telegram", "三"))
    ]
    assert [t.text for t in pending_turns.waiting(sessions, "telegram")] == ["一", "三"]
    pending_turns.forget(sessions, ids[0])
    (left,) = pending_turns.waiting(sessions, "telegram")
    assert (left.text, left.chat_id, left.message_metadata) == (
        "三",
        -1001234567890,
        {"message_id": "三"},
    )


def test_offered_choices_are_kept_per_resident_and_replaced(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    assert offered_choices.offered(sessions, "tg-a") is None
    offered_choices.keep(sessions, "tg-a", {"继续": "/resume_guide"})
    offered_choices.keep(sessions, "tg-a", {"下一步": "/next_step"})
    assert offered_choices.offered(sessions, "tg-a") == {"下一步": "/next_step"}
