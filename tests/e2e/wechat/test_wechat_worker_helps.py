"""A WeChat resident helped by a community worker on Telegram: the WeChat emulator and gateway
for the resident, the Telegram emulator and gateway for the worker (tests/e2e/staff_harness.py),
the real Rasa and action servers; the two gateways meet only in the app database."""

from __future__ import annotations

import itertools
import time

import pytest

from tests.e2e.staff_harness import StaffGateway, Worker
from tests.e2e.wechat.wechat_setup import WeChatPair, has_menu
from tools.processes import wait_until
from tools.wechat_harness import contents, menu_items

pytestmark = pytest.mark.e2e

TOKEN = "334455:WECHAT-HANDOFF-TOKEN"
_user_ids = itertools.count(6_000_001)  # Telegram users of no other module


@pytest.fixture(scope="module")
def li(workers_gateway: StaffGateway) -> Worker:
    """A worker who joined with an invite code and went on duty."""
    worker = Worker(next(_user_ids), "李姐")
    workers_gateway.join(worker.user_id, worker.name)
    return worker


def heard(wechat: WeChatPair, openid: str, words: str) -> list[str]:
    """What the resident got on WeChat until a message holds `words`."""
    got = wechat.emulator.replies_until(openid, lambda got: any(words in t for t in contents(got)))
    return contents(got)


def ask_and_be_claimed(
    wechat: WeChatPair, staff: StaffGateway, worker: Worker, openid: str, asking: str
) -> tuple[int, str]:
    """The resident asks with `asking`; `worker` claims it: the number and the announcement."""
    wechat.emulator.text(openid, asking)
    assert any("最多等" in text for text in heard(wechat, openid, "工作人员"))
    number, notice = staff.announcement(worker)
    staff.claim(worker, number)
    heard(wechat, openid, f"{worker.name}来帮您了")
    return number, notice["text"]


def test_a_wechat_resident_mid_guide_is_helped_by_a_worker_on_telegram_and_handed_back(
    wechat: WeChatPair, workers_gateway: StaffGateway, li: Worker, resident: str
) -> None:
    emulator, staff = wechat.emulator, workers_gateway
    emulator.text(resident, "怎么交水费")
    offer = emulator.replies_until(resident, has_menu)
    guide = next(i for i in menu_items(offer[-1]) if i["content"] == "一步一步教我办")
    emulator.tap(resident, guide)
    assert "第1步" in contents(emulator.replies_until(resident, has_menu))[-1]
    emulator.text(resident, "我电话13812345678 收不到验证码")
    emulator.replies_until(resident, bool)

    number, notice = ask_and_be_claimed(wechat, staff, li, resident, "找个人帮我")
    assert "（居民在微信上，只能互发文字）" in notice
    assert "缴纳水费，第1步" in notice
    assert "卡住时说：我电话138****5678 收不到验证码" in notice

    # The assistant is silent; words go both ways, a photo arrives as a kind note.
    emulator.text(resident, "验证码一直没来，我手机13812345678")
    staff.wait_for(li.user_id, "居民：验证码一直没来，我手机138****5678")
    emulator.post(
        resident, "image", fields={"PicUrl": "http://example.invalid/p.jpg", "MediaId": "m"}
    )
    staff.wait_for(li.user_id, "居民：（发了一张照片，这里看不到")
    staff.say(li.user_id, text="您好，我是李姐。请看看短信里有没有验证码")
    assert heard(wechat, resident, "李姐：")[-1] == "李姐：您好，我是李姐。请看看短信里有没有验证码"

    # Handed back: the assistant offers the guide where it was.
    staff.command(li.user_id, "/done 解决了")
    back = heard(wechat, resident, "刚才「缴纳水费」说到第1步")
    assert any("小助手回来了" in text for text in back)
    emulator.text(resident, "继续")
    assert "第1步" in contents(emulator.replies_until(resident, has_menu))[-1]
    assert staff.request_row(number)[:3] == ("resolved", "worker", "solved")
    transcript = staff.query(
        "SELECT author, kind, text FROM handoff_messages WHERE request_id = ? ORDER BY id", number
    )
    assert [row[:2] for row in transcript] == [
        ("resident", "text"),
        ("resident", "photo"),
        ("worker", "text"),
    ]
    assert "13812345678" not in transcript[0][2]
    undelivered = "SELECT count(*) FROM handoff_outbox WHERE request_id = ? AND text != ''"
    assert staff.query(undelivered, number) == [(0,)]


def test_a_wechat_resident_can_end_the_talk_with_the_worker(
    wechat: WeChatPair, workers_gateway: StaffGateway, li: Worker, resident: str
) -> None:
    emulator, staff = wechat.emulator, workers_gateway
    number, _ = ask_and_be_claimed(wechat, staff, li, resident, "我想找个人问问")
    emulator.text(resident, "不用了")
    staff.wait_for(li.user_id, "居民：不用了")
    asked = emulator.replies_until(resident, has_menu)[-1]
    assert asked["msgmenu"]["head_content"] == "您要结束和工作人员的对话吗？"
    items = menu_items(asked)
    assert [item["id"] for item in items] == [f"end:{number}", f"keep:{number}"]
    emulator.tap(resident, items[0])
    heard(wechat, resident, "小助手回来了")
    ended = staff.message_with(li.user_id, "居民结束了对话")
    assert ended["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == (
        f"outcome:{number}:solved"
    )
    wait_until(lambda: staff.request_row(number)[:2] == ("resolved", "resident"), 10, "the end")


def test_a_workers_words_wechat_refuses_are_held_and_sent_when_the_resident_writes(
    wechat: WeChatPair, workers_gateway: StaffGateway, li: Worker, resident: str
) -> None:
    emulator, staff = wechat.emulator, workers_gateway
    number, _ = ask_and_be_claimed(wechat, staff, li, resident, "找个人帮我看看")
    emulator.advance_clock(49 * 3600)  # the resident went quiet for two days
    try:
        staff.say(li.user_id, text="阿姨，您的医保卡找到了吗？")
        wait_until(lambda: wechat.logged("letter_held") > 0, 30, "the refused letter held")
    finally:
        emulator.advance_clock(-49 * 3600)
    assert {"touser": resident, "errcode": 45015} in emulator.state()["refusals"]
    time.sleep(3)  # a few looks of the gateway: it does not try again while WeChat would refuse
    assert not any("医保卡找到了吗" in t for t in contents(emulator.received(resident)))

    emulator.text(resident, "在的在的")  # WeChat lets the account write to her again
    staff.wait_for(li.user_id, "居民：在的在的")
    assert heard(wechat, resident, "李姐：")[-1] == "李姐：阿姨，您的医保卡找到了吗？"
    held = "SELECT count(*) FROM handoff_outbox WHERE request_id = ? AND delivered_at IS NULL"
    assert staff.query(held, number) == [(0,)]
