"""A WeChat resident's son on Telegram becomes their family helper: the WeChat emulator and
gateway for the resident, the Telegram emulator and gateway for the son, the real Rasa and
action servers; the two gateways meet only in the app database."""

from __future__ import annotations

import itertools
import re

import pytest

from tests.e2e.staff_harness import StaffGateway, inline
from tests.e2e.wechat.wechat_setup import WeChatPair, has_menu
from tools.wechat_harness import contents, menu_items

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
