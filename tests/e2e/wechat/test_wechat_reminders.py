"""A WeChat resident's reminder, end to end (the WeChat emulator, the gateway as `make wechat`
runs it, the real Rasa and action servers): set with taps at the happy end of the pension
certification's guide; due (the notice's moment moved to now in the database: the clock the
gateway reads), it arrives as a customer-service message with the guide a tap away; out of
WeChat's 48-hour window (45015) it is counted as a failed try and tried again until it goes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.reminder_steps import (
    DUE_WORDS,
    REMINDING,
    failures_once_sent,
    make_due,
    reminder_at,
    the_notice,
)
from tests.e2e.wechat.wechat_setup import WeChatPair, has_menu
from tools.processes import wait_until
from tools.serve import Stack
from tools.wechat_emulator import WINDOW
from tools.wechat_harness import WeChatEmulator, contents, menu_items

pytestmark = pytest.mark.e2e

GATEWAY_SETTINGS = REMINDING


def tap(emulator: WeChatEmulator, openid: str, menu: dict[str, Any], title: str) -> None:
    """The resident taps the item titled `title` of the msgmenu `menu`."""
    emulator.tap(openid, next(item for item in menu_items(menu) if item["content"] == title))


def heard(emulator: WeChatEmulator, openid: str, words: str) -> list[dict[str, Any]]:
    """What the resident got until a message holds `words`."""
    return emulator.replies_until(openid, lambda got: any(words in t for t in contents(got)))


def set_a_reminder(emulator: WeChatEmulator, stack: Stack, openid: str) -> int:
    """The resident walks the pension certification to its end and taps 到时候提醒我."""
    emulator.text(openid, "养老金认证咋个弄")
    tap(emulator, openid, emulator.replies_until(openid, has_menu)[-1], "一步一步教我办")
    for _ in range(12):
        step = emulator.replies_until(openid, has_menu)[-1]
        if "办成了吗" in contents([step])[0]:
            break
        tap(emulator, openid, step, "下一步")
    tap(emulator, openid, step, "办成了")
    offered = heard(emulator, openid, "要我到时候提醒您吗")[-1]
    assert [item["content"] for item in menu_items(offered)] == ["到时候提醒我", "不用了"]
    tap(emulator, openid, offered, "到时候提醒我")
    heard(emulator, openid, "记下了")
    return reminder_at(stack, "wechat", openid)


def test_a_due_notice_arrives_as_a_customer_service_message_with_the_guide_a_tap_away(
    wechat: WeChatPair, stack: Stack, resident: str
) -> None:
    emulator = wechat.emulator
    reminder = set_a_reminder(emulator, stack, resident)
    make_due(stack, reminder)
    due = heard(emulator, resident, DUE_WORDS)[-1]
    assert [item["content"] for item in menu_items(due)] == ["现在就办", "过几天再说"]
    assert failures_once_sent(stack, reminder) == 0
    tap(emulator, resident, due, "现在就办")
    heard(emulator, resident, "第1步")


def test_a_notice_out_of_the_window_is_counted_and_tried_again_until_it_goes(
    wechat: WeChatPair, stack: Stack, resident: str
) -> None:
    emulator = wechat.emulator
    reminder = set_a_reminder(emulator, stack, resident)
    emulator.advance_clock(WINDOW + 3600)  # the resident has been quiet for 49 hours
    try:
        make_due(stack, reminder)
        wait_until(lambda: the_notice(stack, reminder)[1] >= 2, 30, "two failed tries")
        assert the_notice(stack, reminder)[0] is None
        assert {"touser": resident, "errcode": 45015} in emulator.state()["refusals"]
        assert not any(DUE_WORDS in text for text in contents(emulator.received(resident)))
        emulator.text(resident, "你好")  # WeChat lets the account write to her again
        heard(emulator, resident, DUE_WORDS)  # at the next try
    finally:
        emulator.advance_clock(-(WINDOW + 3600))
    assert failures_once_sent(stack, reminder) >= 2
