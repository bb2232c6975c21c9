"""A WeChat resident follows a community worker's class that runs in a Telegram group: the
WeChat emulator and gateway for the resident, the Telegram emulator and workers' gateway for the
worker and the group, the real Rasa and action servers; the two gateways meet only in the app
database."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from tests.e2e.staff_harness import StaffGateway, Worker, inline, pick_water_bill
from tests.e2e.wechat.wechat_setup import WeChatPair, has_menu
from tools.processes import wait_until
from tools.wechat_harness import contents, menu_items

pytestmark = pytest.mark.e2e

TOKEN = "334455:WECHAT-CLASS-TOKEN"
_user_ids = itertools.count(6_600_001)  # Telegram users of no other module


def tap(wechat: WeChatPair, openid: str, message: dict[str, Any], title: str) -> None:
    """The resident taps the msgmenu item `title` of `message`."""
    wechat.emulator.tap(openid, next(i for i in menu_items(message) if i["content"] == title))


def test_a_wechat_resident_follows_a_class_is_nudged_taught_alone_and_gets_the_recap(
    wechat: WeChatPair, workers_gateway: StaffGateway, resident: str
) -> None:
    emulator, staff = wechat.emulator, workers_gateway
    li = Worker(next(_user_ids), "李姐")
    staff.join(li.user_id, li.name, on_duty=False)
    group = {"id": -100_660_000_001, "type": "supergroup", "title": "玉林社区手机课"}
    staff.emulator.command(TOKEN, li.user_id, "/class", chat=group)
    pick_water_bill(staff, li, staff.message_with(li.user_id, "请选这节课要教的事"))
    panel = staff.message_with(li.user_id, "给社区公众号发")
    code = re.search(r"发 ([A-Z0-9]{6})", panel["text"])[1]

    def panel_text() -> str:
        return staff.emulator.current_text(TOKEN, li.user_id, panel["message_id"])

    emulator.text(resident, f"{code.lower()} ")  # typed on WeChat, as a resident would
    step1 = emulator.replies_until(resident, has_menu)[-1]
    shown = " ".join(contents(emulator.received(resident)))
    assert "跟着李姐一起学「缴纳水费」" in shown
    assert "「缴纳水费」第1步（共" in step1["msgmenu"]["head_content"]
    assert [i["content"] for i in menu_items(step1)] == ["我做好了", "我卡住了"]
    wait_until(lambda: "还没回（1）：微信居民1" in panel_text(), 20, "the member on the panel")

    tap(wechat, resident, step1, "我卡住了")
    emulator.replies_until(resident, lambda got: any("李姐看到了" in t for t in contents(got)))
    wait_until(lambda: "卡住了（1）：微信居民1" in panel_text(), 20, "the tally")
    buttons = staff.emulator.current_markup(TOKEN, li.user_id, panel)["inline_keyboard"]
    nudge = next(row[0] for row in buttons if row[0]["text"] == "提醒微信居民1")
    staff.tap(li.user_id, nudge["callback_data"], panel["message_id"])
    emulator.replies_until(
        resident, lambda got: any("李姐看到您卡在第1步了" in t for t in contents(got))
    )
    staff.wait_for(li.user_id, "已经提醒微信居民1了")
    solo = next(row[0] for row in buttons if row[0]["text"] == "单独教微信居民1")
    staff.tap(li.user_id, solo["callback_data"], panel["message_id"])
    asked = emulator.replies_until(resident, has_menu)[-1]  # a one-to-one session, if agreed
    assert "李姐想陪您一起学" in asked["msgmenu"]["head_content"]
    tap(wechat, resident, asked, "同意")
    staff.message_with(li.user_id, "居民同意了")

    staff.command(li.user_id, "/next")
    step2 = staff.message_with(group["id"], "第2步")
    assert list(inline(step2))[:2] == ["我做好了", "我卡住了"]
    on_wechat = emulator.replies_until(resident, has_menu)[-1]
    assert "第2步" in on_wechat["msgmenu"]["head_content"]
    tap(wechat, resident, on_wechat, "我做好了")
    emulator.replies_until(resident, lambda got: any("做得好" in t for t in contents(got)))
    wait_until(lambda: "做好了（1）：微信居民1" in panel_text(), 20, "the tally on step 2")

    staff.command(li.user_id, "/endclass")
    staff.wait_for(group["id"], "今天的课结束了")
    recap = contents(
        emulator.replies_until(resident, lambda got: any("再学一遍" in str(m) for m in got))
    )
    assert any("和李姐学了「缴纳水费」" in text for text in recap)
    rows = staff.query(
        "SELECT display_name, channel, recipient, times_stuck FROM class_members m "
        "JOIN teaching_classes c ON c.id = m.class_id WHERE c.chat_id = ?",
        group["id"],
    )
    assert rows == [(None, None, None, 1)]  # the resident's address and name forgotten
    undelivered = (
        "SELECT count(*) FROM handoff_outbox WHERE delivered_at IS NULL AND class_id IN "
        "(SELECT id FROM teaching_classes WHERE chat_id = ?)"
    )
    assert staff.query(undelivered, group["id"]) == [(0,)]
