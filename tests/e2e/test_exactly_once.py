"""A message sent again after its answer was lost is processed once: the guide moves one step,
and the resident gets the same answer again."""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from tests.e2e.rest import say, texts
from tools.serve import Stack

pytestmark = pytest.mark.e2e


def test_a_repeated_message_id_is_answered_again_but_processed_once(stack: Stack) -> None:
    sender = f"once-{uuid.uuid4().hex[:8]}"
    say(stack, sender, "水费咋个交嘛", "m1")
    say(stack, sender, "/start_guide", "m2")
    first = say(stack, sender, "/next_step", "m3")
    assert "第2步" in texts(first)
    assert say(stack, sender, "/next_step", "m3") == first  # sent again: same answer
    assert "第3步" in texts(say(stack, sender, "/next_step", "m4"))  # not 第4步


def test_a_typed_answer_read_against_an_offer_is_also_processed_once(stack: Stack) -> None:
    sender = f"once-{uuid.uuid4().hex[:8]}"
    say(stack, sender, "水费咋个交嘛", "a")
    started = say(stack, sender, "要得嘛你教我", "b")
    assert "第1步" in texts(started)
    assert texts(say(stack, sender, "要得嘛你教我", "b")) == texts(started)
    assert "第2步" in texts(say(stack, sender, "好了", "c"))


def test_messages_without_an_id_are_processed_each_time(stack: Stack) -> None:
    sender = f"once-{uuid.uuid4().hex[:8]}"
    say(stack, sender, "水费咋个交嘛")
    say(stack, sender, "/start_guide")
    say(stack, sender, "/next_step")
    assert "第3步" in texts(say(stack, sender, "/next_step"))


def test_the_message_that_ended_a_session_is_still_processed_once(stack: Stack) -> None:
    """A guide that worked starts a new session; its last message sent again is found in the
    session before and answered from there, not recorded twice."""
    sender = f"once-{uuid.uuid4().hex[:8]}"
    say(stack, sender, "水费咋个交嘛", "q")
    say(stack, sender, "/start_guide", "s")
    number = 0
    while "办成了吗" not in texts(say(stack, sender, "/next_step", f"n{number}")):
        number += 1
    done = say(stack, sender, "/outcome_done", "done")
    assert "太好了" in texts(done)
    assert say(stack, sender, "/outcome_done", "done") == done
    with sqlite3.connect(stack.data_dir / "app.db") as db:
        (outcomes,) = db.execute(
            "SELECT COUNT(*) FROM guide_outcomes WHERE sender_id = ?", (sender,)
        ).fetchone()
    assert outcomes == 1
