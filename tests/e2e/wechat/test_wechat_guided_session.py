"""A WeChat resident in a guided session with a community worker on Telegram: the WeChat
emulator and gateway for the resident, the Telegram emulator and gateway for the worker
(tests/e2e/staff_harness.py), the real Rasa and action servers; the two gateways meet only in
the app database."""

from __future__ import annotations

import itertools

import pytest

from tests.e2e.staff_harness import (
    StaffGateway,
    Worker,
    new_session,
    pick_water_bill,
)
from tests.e2e.wechat.wechat_setup import WeChatPair, has_menu
from tools.wechat_harness import contents, menu_items

pytestmark = pytest.mark.e2e

TOKEN = "334455:WECHAT-SESSION-TOKEN"
_user_ids = itertools.count(6_500_001)  # Telegram users of no other module


@pytest.fixture(scope="module")
def li(workers_gateway: StaffGateway) -> Worker:
    worker = Worker(next(_user_ids), "李姐")
    workers_gateway.join(worker.user_id, worker.name, on_duty=False)
    return worker


def tap(wechat: WeChatPair, openid: str, message: dict, title: str) -> None:
    """The resident taps the msgmenu item `title` of `message`."""
    wechat.emulator.tap(openid, next(i for i in menu_items(message) if i["content"] == title))


def test_a_wechat_resident_joins_by_code_is_guided_and_gets_the_recap(
    wechat: WeChatPair, workers_gateway: StaffGateway, li: Worker, resident: str
) -> None:
    emulator, staff = wechat.emulator, workers_gateway
    code = new_session(staff, li)
    emulator.text(resident, code.lower())  # typed on WeChat
    asked = emulator.replies_until(resident, has_menu)[-1]
    assert "李姐想陪您一起学" in asked["msgmenu"]["head_content"]
    tap(wechat, resident, asked, "同意")
    emulator.replies_until(
        resident, lambda got: any("李姐马上给您选要学的事" in t for t in contents(got))
    )
    picker = staff.message_with(li.user_id, "居民同意了")
    pick_water_bill(staff, li, picker)

    # Rasa's guide reaches the resident on WeChat; its progress reaches the worker on Telegram.
    first = emulator.replies_until(resident, has_menu)[-1]
    assert "第1步" in first["msgmenu"]["head_content"]
    staff.wait_for(li.user_id, "居民开始学「缴纳水费」")
    tap(wechat, resident, first, "下一步")
    second = emulator.replies_until(resident, has_menu)[-1]
    assert "第2步" in second["msgmenu"]["head_content"]
    staff.wait_for(li.user_id, "居民到了第2步")

    staff.command(li.user_id, "/end 学会了")
    staff.wait_for(li.user_id, "记下了：学会了")
    recap = contents(
        emulator.replies_until(resident, lambda got: any("再学一遍" in str(m) for m in got))
    )
    assert any("今天和李姐学了「缴纳水费」" in text for text in recap)
    assert any("第1步：" in text for text in recap)
    [row] = staff.query(
        "SELECT status, outcome, step_reached, channel, recipient FROM guided_sessions "
        "WHERE code = ?",
        code,
    )
    assert row == ("ended", "learned", 2, "wechat", None)
    undelivered = (
        "SELECT count(*) FROM handoff_outbox WHERE delivered_at IS NULL AND session_id IN "
        "(SELECT id FROM guided_sessions WHERE code = ?)"
    )
    assert staff.query(undelivered, code) == [(0,)]


def test_a_wechat_resident_joins_by_scanning_the_sessions_qr_code(
    wechat: WeChatPair, workers_gateway: StaffGateway, li: Worker, resident: str
) -> None:
    code = new_session(workers_gateway, li)
    wechat.emulator.event(resident, "subscribe", f"qrscene_s_{code}")  # follows by the QR code
    asked = wechat.emulator.replies_until(resident, has_menu)[-1]
    assert "李姐想陪您一起学" in asked["msgmenu"]["head_content"]
    tap(wechat, resident, asked, "不同意")
    workers_gateway.wait_for(li.user_id, "居民没有同意")
    [row] = workers_gateway.query("SELECT status FROM guided_sessions WHERE code = ?", code)
    assert row == ("ended",)
