"""A resident who keeps talking gets a new session every so many messages, and does not notice:
the offer just made and the guide go on across it, and a message sent again is answered once."""

from __future__ import annotations

import re
import sqlite3
import uuid

import pytest

from tests.e2e.rest import say, texts
from tools.serve import ROOT, Stack

pytestmark = pytest.mark.e2e


def messages_per_session() -> int:
    """The Rasa server's limit (its module needs the Rasa environment, so it is read here)."""
    source = (ROOT / "rasa_addons" / "session_length.py").read_text(encoding="utf-8")
    found = re.search(r"^MESSAGES_PER_SESSION = (\d+)$", source, re.MULTILINE)
    assert found is not None
    return int(found.group(1))


def sessions(stack: Stack, sender: str) -> int:
    with sqlite3.connect(stack.data_dir / "conversations.db") as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ? AND type_name = 'session_started'",
            (sender,),
        ).fetchone()
    return count


def test_a_typed_answer_to_an_offer_made_in_the_session_before_is_read_against_it(
    stack: Stack,
) -> None:
    sender = f"long-{uuid.uuid4().hex[:8]}"
    limit = messages_per_session()
    for number in range(1, limit):
        say(stack, sender, "你好", f"m{number}")
    assert "缴纳水费" in texts(say(stack, sender, "水费咋个交嘛", f"m{limit}"))
    assert sessions(stack, sender) == 1
    started = say(stack, sender, "要得", "yes")  # the first message of the next session
    assert sessions(stack, sender) == 2
    assert "第1步（共" in texts(started)
    assert say(stack, sender, "要得", "yes") == started  # sent again: answered, not processed
    assert "第2步" in texts(say(stack, sender, "好了", "next"))
    assert sessions(stack, sender) == 2
