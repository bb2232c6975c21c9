"""Residents walk a full guide over the REST channel, with buttons and with typed words."""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from tests.e2e.rest import button_payloads, say, texts
from tools.serve import Stack

pytestmark = pytest.mark.e2e


@pytest.fixture
def sender() -> str:
    return f"guide-{uuid.uuid4().hex[:8]}"


def start_water_bill_guide(stack: Stack, sender: str) -> list[dict]:
    found = texts(say(stack, sender, "水费咋个交嘛"))
    assert "缴纳水费" in found
    return say(stack, sender, "/start_guide")


def test_a_whole_guide_with_buttons(stack: Stack, sender: str) -> None:
    replies = start_water_bill_guide(stack, sender)
    assert "第1步/共" in texts(replies)
    assert button_payloads(replies) == [
        "/next_step",
        "/repeat",
        "/previous_step",
        "/ask_person",
        "/stop",
    ]
    total = int(texts(replies).split("共")[1].split("步")[0])
    for step in range(2, total + 1):
        assert f"第{step}步/共{total}步" in texts(say(stack, sender, "/next_step"))
    assert "第1步" not in texts(say(stack, sender, "/previous_step"))
    assert f"第{total}步" in texts(say(stack, sender, "/next_step"))
    end = say(stack, sender, "/next_step")
    assert "要带" in texts(end) and "办成了吗" in texts(end)
    assert "太好了" in texts(say(stack, sender, "/outcome_done"))
    with sqlite3.connect(stack.data_dir / "app.db") as db:
        rows = db.execute(
            "SELECT service_slug, step_reached, outcome FROM guide_outcomes WHERE sender_id = ?",
            (sender,),
        ).fetchall()
    assert rows == [("pay-water", total, "done")]


def test_a_guide_with_typed_words(stack: Stack, sender: str) -> None:
    start_water_bill_guide(stack, sender)
    assert "第2步" in texts(say(stack, sender, "好了"))
    assert "第3步" in texts(say(stack, sender, "然后呢"))
    assert "第3步" in texts(say(stack, sender, "没听懂"))
    assert "第2步" in texts(say(stack, sender, "回去"))
    assert "不办了" in texts(say(stack, sender, "算了不弄了"))
    assert "第" not in texts(say(stack, sender, "下一步")), "the guide stopped"


def test_an_interruption_is_answered_then_the_guide_continues(stack: Stack, sender: str) -> None:
    start_water_bill_guide(stack, sender)
    say(stack, sender, "/next_step")
    replies = say(stack, sender, "养老金资格认证怎么做")
    assert "养老金资格认证" in texts(replies)
    assert "刚才「缴纳水费」说到第2步" in texts(replies)
    assert "第2步" in texts(say(stack, sender, "/resume_guide"))


def test_asking_for_a_person_is_recorded_and_answered_honestly(stack: Stack, sender: str) -> None:
    start_water_bill_guide(stack, sender)
    assert "12345" in texts(say(stack, sender, "我不会弄 找个人帮我"))
    with sqlite3.connect(stack.data_dir / "app.db") as db:
        rows = db.execute(
            "SELECT service_slug, step, reason FROM help_requests WHERE sender_id = ?", (sender,)
        ).fetchall()
    assert rows == [("pay-water", 1, "asked")]


def test_a_resident_coming_back_in_a_new_session_is_offered_the_guide(
    stack: Stack, sender: str
) -> None:
    start_water_bill_guide(stack, sender)
    say(stack, sender, "/next_step")
    say(stack, sender, "/session_start")  # what Rasa does when a resident returns hours later
    replies = say(stack, sender, "你好")
    assert "您好" in texts(replies)
    assert "刚才「缴纳水费」说到第2步" in texts(replies)
    assert "第2步" in texts(say(stack, sender, "要得 继续"))
