"""Guided sessions and classes on Telegram, end to end: the Bot API emulator, the gateway as
`make bot` runs it, and the real Rasa and action servers (tests/e2e/staff_harness.py)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.staff_harness import (
    StaffGateway,
    Worker,
    inline,
    new_session,
    pick_water_bill,
    staff_gateway,
)
from tools.processes import wait_until
from tools.serve import Stack
from tools.telegram_harness import keyboard_titles, texts

pytestmark = pytest.mark.e2e

TOKEN = "334455:TEACHING-TEST-TOKEN"
_user_ids = itertools.count(9_000_001)


@pytest.fixture(scope="module")
def teaching(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaffGateway]:
    with staff_gateway(stack, tmp_path_factory.mktemp("teaching"), TOKEN) as running:
        yield running


@pytest.fixture(scope="module")
def worker(teaching: StaffGateway) -> Worker:
    li = Worker(next(_user_ids), "李姐")
    teaching.join(li.user_id, li.name, on_duty=False)
    return li


@pytest.fixture
def resident() -> int:
    return next(_user_ids)


def consent(teaching: StaffGateway, resident: int, answer: str) -> None:
    asked = teaching.message_with(resident, "李姐想陪您一起学")
    assert "看不到您别的聊天" in asked["text"]
    teaching.tap(resident, inline(asked)[answer], asked["message_id"])


def test_residents_are_refused_teaching_commands(teaching: StaffGateway, resident: int) -> None:
    for command in ("/session", "/class", "/next", "/endclass", "/end"):
        teaching.command(resident, command)
        teaching.wait_for(resident, "工作人员用的")


def test_a_one_to_one_session_from_join_code_and_consent_to_outcome(
    teaching: StaffGateway, worker: Worker, resident: int
) -> None:
    code = new_session(teaching, worker)
    teaching.command(resident, f"/start s_{code}")  # the resident opened the link
    consent(teaching, resident, "同意")
    teaching.wait_for(resident, "李姐马上给您选要学的事")
    picker = teaching.message_with(worker.user_id, "居民同意了")
    pick_water_bill(teaching, worker, picker)

    # The resident gets the real guide, started by Rasa; the worker follows it live.
    first = teaching.wait_for(resident, "第1步")
    assert "下一步" in keyboard_titles(first[-1])
    teaching.wait_for(worker.user_id, "居民开始学「缴纳水费」")
    teaching.say(resident, text="下一步")
    teaching.wait_for(resident, "第2步")
    teaching.wait_for(worker.user_id, "居民到了第2步")
    teaching.say(resident, text="找不到那个按钮 我电话13812345678")
    teaching.emulator.replies_until(TOKEN, resident, bool)  # the step's own help
    stuck = teaching.message_with(worker.user_id, "卡住了")
    assert stuck["text"] == "居民在第2步卡住了，说：找不到那个按钮 我电话138****5678"

    # The worker explains, with words and a photo.
    teaching.say(worker.user_id, text="往下滑一点，蓝色的那个")
    teaching.wait_for(resident, "李姐：往下滑一点，蓝色的那个")
    photo = [{"file_id": "p2", "file_unique_id": "p2", "width": 9, "height": 9}]
    teaching.say(worker.user_id, photo=photo)
    copied = teaching.emulator.replies_until(TOKEN, resident, bool)
    assert int(copied[0]["copy_of"]["chat_id"]) == worker.user_id

    # Ended with an outcome and a note; the resident gets every step to practise.
    teaching.command(worker.user_id, "/end 学会了 下次教她缴电费")
    teaching.wait_for(worker.user_id, "记下了：学会了")
    recap = teaching.wait_for(resident, "再学一遍")
    assert "今天和李姐学了「缴纳水费」" in texts(recap)[0]
    assert "第1步：" in texts(recap)[1]
    assert keyboard_titles(recap[-1])[0] == "再学一遍"
    [row] = teaching.query(
        "SELECT status, outcome, step_reached, chat_id, note FROM guided_sessions WHERE code = ?",
        code,
    )
    assert row == ("ended", "learned", 2, None, "下次教她缴电费")
    said = teaching.query(
        "SELECT e.text FROM session_events e JOIN guided_sessions s ON s.id = e.session_id "
        "WHERE s.code = ? AND e.event = 'stuck'",
        code,
    )
    assert said == [("找不到那个按钮 我电话138****5678",)]


def test_a_typed_code_and_a_declined_consent(
    teaching: StaffGateway, worker: Worker, resident: int
) -> None:
    code = new_session(teaching, worker)
    teaching.say(resident, text=code.lower())
    consent(teaching, resident, "不同意")
    teaching.wait_for(resident, "不学了")
    teaching.wait_for(worker.user_id, "居民没有同意")


def test_a_class_with_a_stuck_member_a_late_one_and_a_restart(
    teaching: StaffGateway, worker: Worker
) -> None:
    group = {"id": -100_900_000_001, "type": "supergroup", "title": "幸福社区手机课"}
    members = {name: next(_user_ids) for name in ("王阿姨", "张大爷", "刘婆婆")}
    for user_id in members.values():  # they have opened the bot privately before
        teaching.command(user_id, "/start")
        teaching.wait_for(user_id, "哪一类事")  # the welcome and the menu after it

    teaching.emulator.command(TOKEN, worker.user_id, "/class", chat=group)
    picker = teaching.message_with(worker.user_id, "请选这节课要教的事")
    pick_water_bill(teaching, worker, picker)
    step1 = teaching.message_with(group["id"], "第1步")
    assert step1["text"].startswith("「缴纳水费」第1步（共")
    assert list(inline(step1)) == ["我做好了", "我卡住了"]
    panel = teaching.message_with(worker.user_id, "还没回（0）")

    def panel_text() -> str:
        return teaching.emulator.current_text(TOKEN, worker.user_id, panel["message_id"])

    def tap(name: str, post: dict[str, Any], title: str) -> None:
        teaching.tap(members[name], inline(post)[title], post["message_id"], name)

    tap("王阿姨", step1, "我做好了")
    tap("张大爷", step1, "我卡住了")
    wait_until(lambda: "卡住了（1）：张大爷" in panel_text(), 10, "the tally")
    assert "做好了（1）：王阿姨" in panel_text()
    panel_buttons = teaching.emulator.current_markup(TOKEN, worker.user_id, panel)
    nudge = next(
        row[0] for row in panel_buttons["inline_keyboard"] if row[0]["text"] == "提醒张大爷"
    )
    teaching.tap(worker.user_id, nudge["callback_data"], panel["message_id"])
    teaching.wait_for(members["张大爷"], "李姐看到您卡在第1步了")
    teaching.wait_for(worker.user_id, "已经提醒张大爷了")
    solo = next(
        row[0] for row in panel_buttons["inline_keyboard"] if row[0]["text"] == "单独教张大爷"
    )
    teaching.tap(worker.user_id, solo["callback_data"], panel["message_id"])
    teaching.wait_for(members["张大爷"], "李姐想陪您一起学")  # a one-to-one session, if he agrees

    teaching.restart()  # the class goes on where it was
    teaching.command(worker.user_id, "/next")
    step2 = teaching.message_with(group["id"], "第2步")
    assert list(inline(step2)) == ["我做好了", "我卡住了", "看前面的步骤"]
    wait_until(lambda: "第2步" in panel_text(), 10, "the panel on step 2")
    assert "还没回（2）：王阿姨、张大爷" in panel_text()

    tap("刘婆婆", step2, "我做好了")  # joined late: gets the steps before privately
    assert "1. " in teaching.message_with(members["刘婆婆"], "前面的步骤")["text"]
    tap("王阿姨", step2, "我做好了")
    tap("张大爷", step2, "看前面的步骤")  # lost the chat: the steps so far, privately
    assert "1. " in teaching.message_with(members["张大爷"], "前面的步骤")["text"]
    wait_until(lambda: "做好了（2）：王阿姨、刘婆婆" in panel_text(), 10, "the tally on step 2")
    assert "还没回（1）：张大爷" in panel_text()

    end = next(
        row[0]
        for row in teaching.emulator.current_markup(TOKEN, worker.user_id, panel)["inline_keyboard"]
        if row[0]["text"] == "下课"
    )
    teaching.tap(worker.user_id, end["callback_data"], panel["message_id"])
    teaching.wait_for(group["id"], "今天的课结束了")
    summary = texts(teaching.wait_for(worker.user_id, "下课了"))[-1]
    assert summary.startswith("下课了：来了3人") and "1人卡住过" in summary
    for user_id in members.values():  # each gets every step privately, to practise at home
        assert any(
            "和李姐学了「缴纳水费」" in t for t in texts(teaching.wait_for(user_id, "再学一遍"))
        )
    rows = teaching.query(
        "SELECT display_name, telegram_user_id, times_stuck FROM class_members m "
        "JOIN teaching_classes c ON c.id = m.class_id WHERE c.chat_id = ? ORDER BY m.id",
        group["id"],
    )
    assert rows == [(None, None, 0), (None, None, 1), (None, None, 0)]  # names and ids forgotten


def test_a_resident_invited_back_continues_at_their_step(
    teaching: StaffGateway, worker: Worker, resident: int
) -> None:
    def session_until_the_service_is_picked() -> None:
        teaching.command(resident, f"/start s_{new_session(teaching, worker)}")
        consent(teaching, resident, "同意")
        picker = teaching.message_with(worker.user_id, "居民同意了")
        pick_water_bill(teaching, worker, picker)

    session_until_the_service_is_picked()
    teaching.wait_for(resident, "第1步")
    teaching.say(resident, text="下一步")
    teaching.wait_for(resident, "第2步")
    teaching.command(worker.user_id, "/end 学了一部分")
    teaching.wait_for(resident, "再学一遍")

    session_until_the_service_is_picked()
    again = teaching.wait_for(resident, "第2步")
    assert not any("第1步" in text for text in texts(again))
    teaching.wait_for(worker.user_id, "居民开始学「缴纳水费」")
    teaching.command(worker.user_id, "/end 学会了")
    teaching.wait_for(resident, "再学一遍")
