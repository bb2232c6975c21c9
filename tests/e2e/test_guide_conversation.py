"""Residents walk a full guide over the REST channel, with buttons and with typed words."""

from __future__ import annotations

import sqlite3
import uuid

import httpx
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
    assert "先准备好：" in texts(replies)
    assert "第1步（共" in texts(replies)
    assert button_payloads(replies) == [
        "/next_step",
        "/repeat",
        "/previous_step",
        "/stuck",
        "/stop",
    ]
    total = int(texts(replies).split("（共")[1].split("步")[0])
    for step in range(2, total + 1):
        assert f"第{step}步（共{total}步）" in texts(say(stack, sender, "/next_step"))
    assert "第1步" not in texts(say(stack, sender, "/previous_step"))
    assert f"第{total}步" in texts(say(stack, sender, "/next_step"))
    end = say(stack, sender, "/next_step")
    assert "有问题可以打" in texts(end) and "办成了吗" in texts(end)
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


def test_words_typed_with_the_wrong_character_of_the_right_sound(stack: Stack, sender: str) -> None:
    """A pinyin keyboard's homophone typos (部, 补 for 步; 做 for 作; 半 for 办) on a step."""
    start_water_bill_guide(stack, sender)
    assert "第2步" in texts(say(stack, sender, "好了，下一补"))
    assert "请社区工作人员来帮您" in texts(say(stack, sender, "帮我找个工做人员"))
    assert "不办了" in texts(say(stack, sender, "不半了"))


def test_an_interruption_is_answered_then_the_guide_continues(stack: Stack, sender: str) -> None:
    start_water_bill_guide(stack, sender)
    say(stack, sender, "/next_step")
    replies = say(stack, sender, "养老金资格认证怎么做")
    assert "养老金资格认证" in texts(replies)
    assert "刚才「缴纳水费」说到第2步" in texts(replies)
    assert "第2步" in texts(say(stack, sender, "/resume_guide"))


def test_asking_for_a_person_is_recorded_and_answered_honestly(stack: Stack, sender: str) -> None:
    start_water_bill_guide(stack, sender)
    replies = texts(say(stack, sender, "我不会弄 找个人帮我"))
    assert "最多等15分钟" in replies
    assert "刚才「缴纳水费」说到第1步" in replies
    with sqlite3.connect(stack.data_dir / "app.db") as db:
        rows = db.execute(
            "SELECT service_slug, step, reason, status FROM help_requests WHERE sender_id = ?",
            (sender,),
        ).fetchall()
    assert rows == [("pay-water", 1, "asked", "pending")]


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


def stored(stack: Stack, query: str, sender: str) -> list[tuple]:
    with sqlite3.connect(stack.data_dir / "app.db") as db:
        return db.execute(query, (sender,)).fetchall()


def test_a_found_service_accepted_by_typing_the_buttons_words(stack: Stack, sender: str) -> None:
    assert "「养老金资格认证」" in texts(say(stack, sender, "养老金资格认证怎么做"))
    assert "第1步（共" in texts(say(stack, sender, "一步一步教我办"))


@pytest.mark.parametrize("answer", ["是的", "好的，教我", "要得", "你教我嘛"])
def test_a_found_service_accepted_in_residents_own_words(
    stack: Stack, sender: str, answer: str
) -> None:
    say(stack, sender, "水费咋个交嘛")
    assert "第1步（共" in texts(say(stack, sender, answer))


def test_a_whole_guide_with_typed_words_only_and_help_when_stuck(stack: Stack, sender: str) -> None:
    say(stack, sender, "水费咋个交嘛")
    say(stack, sender, "要得嘛你教我")
    helped = texts(say(stack, sender, "然后就不晓得了"))
    assert "第2步" not in helped, "being lost is not a 下一步"
    assert "第2步" in texts(say(stack, sender, "好了"))
    code_help = texts(say(stack, sender, "它让我输验证码，验证码是啥子"))
    assert "验证码" in code_help and "防范电信诈骗" not in code_help
    assert "第3步" in texts(say(stack, sender, "弄好了 下一步"))
    assert stored(
        stack, "SELECT step, trouble FROM stuck_events WHERE sender_id = ? ORDER BY id", sender
    ) == [(1, "plain"), (2, "code")]


def test_stuck_twice_offers_a_person_and_a_typed_yes_asks_for_one(
    stack: Stack, sender: str
) -> None:
    say(stack, sender, "水费咋个交嘛")
    say(stack, sender, "一步一步教我办")
    say(stack, sender, "找不到那个按钮 我电话13812345678")
    assert "找个人帮您" in texts(say(stack, sender, "还是不会"))
    assert "请社区工作人员来帮您" in texts(say(stack, sender, "要得"))
    assert stored(
        stack, "SELECT service_slug, step, reason FROM help_requests WHERE sender_id = ?", sender
    ) == [("pay-water", 1, "stuck")]
    typed = stored(stack, "SELECT text FROM stuck_events WHERE sender_id = ? ORDER BY id", sender)
    assert typed[0][0] == "找不到那个按钮 我电话138****5678"


def test_ordinals_pick_from_the_menu_and_a_yes_starts_the_guide(stack: Stack, sender: str) -> None:
    say(stack, sender, "看看能办哪些事")
    assert "「看病就医」" in texts(say(stack, sender, "第二个"))
    assert "您问的是「" in texts(say(stack, sender, "第一个"))
    assert "第1步（共" in texts(say(stack, sender, "对头"))


def test_a_broad_need_is_answered_with_the_services_of_its_area(stack: Stack, sender: str) -> None:
    replies = say(stack, sender, "我儿子给我买了个新手机，我啥都不会用")
    assert "「手机使用」" in texts(replies)
    assert '/choose_service{"service":"phone-font-size"}' in button_payloads(replies)


def test_a_personal_number_gets_one_kind_reminder(stack: Stack, sender: str) -> None:
    first = texts(say(stack, sender, "我身份证51010419500101123X 养老金资格认证咋个弄"))
    assert "不要发在聊天里" in first and "「养老金资格认证」" in first
    assert "不要发在聊天里" not in texts(say(stack, sender, "我电话13812345678 水费咋个交"))


def test_a_guide_that_worked_ends_the_session_and_the_next_question_starts_fresh(
    stack: Stack, sender: str
) -> None:
    """What the next turns load is only what came after the guide; the slots carry over."""
    start_water_bill_guide(stack, sender)
    while "办成了吗" not in texts(say(stack, sender, "/next_step")):
        pass
    assert "太好了" in texts(say(stack, sender, "/outcome_done"))
    tracker = httpx.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker", params=stack.auth, timeout=30
    ).json()
    kinds = [event["event"] for event in tracker["events"]]
    assert kinds.count("session_started") == 2, "a new session after the guide"
    assert kinds[-1] == "action" and tracker["events"][-1]["name"] == "action_listen"
    assert tracker["slots"]["offer"] is not None, "the offer made carries over"
    applied = httpx.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker",
        params={"include_events": "APPLIED", **stack.auth},
        timeout=30,
    ).json()["events"]
    assert not [event for event in applied if event["event"] == "user"]
    assert "养老金资格认证" in texts(say(stack, sender, "养老金认证咋弄"))
