"""Family helpers across channels: a WeChat resident's son on Telegram becomes their helper; a
Telegram resident's son on WeChat is asked for help (问家人), helps her and hands back, or passes
it to the workers; a son guides his mother through a service with her yes, both on WeChat, or
from Telegram.
The WeChat emulator and gateway, the Telegram emulator and gateway, the real
Rasa and action servers; the two gateways meet only in the app database."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from tests.e2e.family_steps import code_for
from tests.e2e.staff_harness import StaffGateway, inline
from tests.e2e.wechat.wechat_setup import WeChatPair, has_menu, new_openid
from tools.telegram_harness import texts
from tools.wechat_harness import WeChatEmulator, contents, menu_items

pytestmark = pytest.mark.e2e

TOKEN = "334455:WECHAT-FAMILY-TOKEN"
_user_ids = itertools.count(6_700_001)  # Telegram users of no other module


def test_a_wechat_residents_son_on_telegram_is_linked(
    wechat: WeChatPair, workers_gateway: StaffGateway, resident: str
) -> None:
    emulator, telegram, son = wechat.emulator, workers_gateway, next(_user_ids)
    emulator.text(resident, "添加家人")
    given = contents(emulator.replies_until(resident, has_menu))
    code = re.search(r"请把这个码发给您的家人：([A-Z0-9]{6})", " ".join(given))[1]

    telegram.say(son, text=code)  # typed on Telegram
    asked = telegram.message_with(son, "请问您是这位家人的什么人")
    telegram.tap(son, inline(asked)["儿子"], asked["message_id"])
    telegram.wait_for(son, "已经请您的家人确认了")

    question = emulator.replies_until(resident, has_menu)[-1]  # through the outbox
    assert "您的儿子想当您的帮手" in question["msgmenu"]["head_content"]
    emulator.tap(resident, next(i for i in menu_items(question) if i["content"] == "同意"))
    emulator.replies_until(
        resident, lambda got: any("儿子现在是您的帮手了" in t for t in contents(got))
    )
    telegram.wait_for(son, "您的家人同意了")
    rows = telegram.query(
        "SELECT status, helper_channel FROM family_links WHERE resident_channel = 'wechat'"
    )
    assert rows == [("linked", "telegram")]


def wechat_says(emulator: WeChatEmulator, openid: str, words: str) -> dict[str, Any]:
    """The newest message `openid` got on WeChat once one shows `words`."""
    got = emulator.replies_until(openid, lambda got: any(words in t for t in contents(got)))
    return next(m for m in reversed(got) if words in contents([m])[0])


def tap_item(emulator: WeChatEmulator, openid: str, message: dict[str, Any], title: str) -> None:
    emulator.tap(openid, next(i for i in menu_items(message) if i["content"] == title))


@pytest.fixture(scope="module")
def son_on_wechat(wechat: WeChatPair, workers_gateway: StaffGateway) -> tuple[int, str]:
    """A Telegram resident (the mother) whose son on WeChat is her helper."""
    emulator, telegram = wechat.emulator, workers_gateway
    mother, son = next(_user_ids), new_openid()
    emulator.text(son, code_for(telegram, mother))  # typed on WeChat
    tap_item(emulator, son, wechat_says(emulator, son, "请问您是这位家人的什么人"), "儿子")
    wechat_says(emulator, son, "已经请您的家人确认了")
    telegram.wait_for(mother, "您的儿子想当您的帮手")  # through the outbox
    telegram.say(mother, text="同意")
    telegram.wait_for(mother, "儿子现在是您的帮手了")
    wechat_says(emulator, son, "您的家人同意了")
    return mother, son


def asks_family(telegram: StaffGateway, mother: int) -> None:
    telegram.say(mother, text="找个人帮我")
    telegram.wait_for(mother, "您想请谁来帮您")
    telegram.say(mother, text="问家人")
    telegram.wait_for(mother, "我请您的家人来帮您")


def test_a_telegram_residents_son_on_wechat_helps_her_and_hands_back(
    wechat: WeChatPair, workers_gateway: StaffGateway, son_on_wechat: tuple[int, str]
) -> None:
    emulator, telegram = wechat.emulator, workers_gateway
    mother, son = son_on_wechat
    telegram.stuck_on_the_water_bill(mother)
    asks_family(telegram, mother)
    asked = wechat_says(emulator, son, "您的家人想请您帮个忙")
    shown = contents([asked])[0]
    assert "缴纳水费，第1步（共" in shown
    assert "家人说：我电话138****5678 收不到验证码" in shown
    assert [i["content"] for i in menu_items(asked)] == ["我来帮", "请社区工作人员帮"]

    tap_item(emulator, son, asked, "我来帮")
    helping = wechat_says(emulator, son, "帮完了请点")
    assert [i["content"] for i in menu_items(helping)] == ["帮完了", "请社区工作人员帮"]
    telegram.wait_for(mother, "您的儿子来帮您了")

    emulator.text(son, "妈，您点一下重新发送")
    telegram.wait_for(mother, "儿子：妈，您点一下重新发送")
    telegram.say(mother, text="好的 卡号6222021234567890123")
    told = contents([wechat_says(emulator, son, "家人：好的")])[0]
    assert "6222021234567890123" not in told

    tap_item(emulator, son, helping, "帮完了")
    wechat_says(emulator, son, "谢谢您")
    back = telegram.wait_for(mother, "刚才「缴纳水费」说到第1步")
    assert "和家人的对话结束了" in "".join(texts(back))
    newest = "SELECT status, closed_by FROM help_requests ORDER BY id DESC LIMIT 1"
    assert telegram.query(newest) == [("resolved", "family")]


def test_a_son_on_wechat_passes_it_to_the_workers(
    wechat: WeChatPair, workers_gateway: StaffGateway, son_on_wechat: tuple[int, str]
) -> None:
    emulator, telegram = wechat.emulator, workers_gateway
    mother, son = son_on_wechat
    asks_family(telegram, mother)
    asked = wechat_says(emulator, son, "您的家人想请您帮个忙")
    tap_item(emulator, son, asked, "请社区工作人员帮")
    wechat_says(emulator, son, "已经请社区工作人员来帮您的家人")
    telegram.wait_for(mother, "您的儿子请社区工作人员来帮您")


def test_a_son_on_wechat_guides_his_mother_on_wechat_with_her_consent(
    wechat: WeChatPair, resident: str
) -> None:
    emulator, mother, son = wechat.emulator, resident, new_openid()
    emulator.text(mother, "添加家人")
    given = contents(emulator.replies_until(mother, has_menu))
    emulator.text(son, re.search(r"请把这个码发给您的家人：([A-Z0-9]{6})", " ".join(given))[1])
    tap_item(emulator, son, wechat_says(emulator, son, "请问您是这位家人的什么人"), "儿子")
    tap_item(emulator, mother, wechat_says(emulator, mother, "您的儿子想当您的帮手"), "同意")
    wechat_says(emulator, son, "您的家人同意了")

    emulator.text(son, "教妈妈交电费")
    wechat_says(emulator, son, "已经问家人了")
    asked = wechat_says(emulator, mother, "您的儿子想带您一步一步办「缴纳电费」")
    assert "1. 好，开始\n2. 现在不方便" in contents([asked])[0]  # not her turn: numbered lines
    emulator.text(mother, "1")
    wechat_says(emulator, mother, "第1步（共")
    wechat_says(emulator, son, "您的家人同意了，开始办「缴纳电费」")
    emulator.text(mother, "下一步")
    wechat_says(emulator, son, "您的家人到了第2步（共")


def test_a_son_on_telegram_guides_his_mother_on_wechat(
    wechat: WeChatPair, workers_gateway: StaffGateway, resident: str
) -> None:
    emulator, telegram, mother, son = wechat.emulator, workers_gateway, resident, next(_user_ids)
    emulator.text(mother, "添加家人")
    given = contents(emulator.replies_until(mother, has_menu))
    telegram.say(son, text=re.search(r"请把这个码发给您的家人：([A-Z0-9]{6})", " ".join(given))[1])
    asked = telegram.message_with(son, "请问您是这位家人的什么人")
    telegram.tap(son, inline(asked)["儿子"], asked["message_id"])
    tap_item(emulator, mother, wechat_says(emulator, mother, "您的儿子想当您的帮手"), "同意")
    telegram.wait_for(son, "您的家人同意了")

    telegram.say(son, text="教妈妈交电费")
    telegram.wait_for(son, "已经问家人了")
    wechat_says(emulator, mother, "您的儿子想带您一步一步办「缴纳电费」")  # through the outbox
    emulator.text(mother, "好，开始")
    wechat_says(emulator, mother, "第1步（共")
    telegram.wait_for(son, "您的家人同意了，开始办「缴纳电费」")  # through the outbox
    emulator.text(mother, "下一步")
    telegram.wait_for(son, "您的家人到了第2步（共")
