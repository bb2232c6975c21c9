"""Reminders on Telegram, end to end (the Bot API emulator, the gateway as `make bot` runs it,
the real Rasa and action servers): offered at the happy end of a yearly service's guide and
set with a tap; due (the notice's moment moved to now in the database: the clock the gateway
reads is the data), sent once with the guide one tap away, even by two gateways; held back at
night; tried again after a resident who blocked the bot, and counted; shared with a family
helper, who starts the guide on the resident's phone from his own notice."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.family_steps import linked
from tests.e2e.reminder_steps import DUE_WORDS, REMINDING, failures_once_sent, make_due, the_notice
from tests.e2e.staff_harness import StaffGateway, staff_gateway
from tools.processes import wait_until
from tools.serve import Stack
from tools.telegram_harness import Gateway, keyboard_titles, texts

pytestmark = pytest.mark.e2e

TOKEN = "556677:REMINDERS-TEST-TOKEN"
_user_ids = itertools.count(7_300_001)
CHENGDU = ZoneInfo("Asia/Shanghai")
# Walking a whole guide in seconds is more than the flood guard takes from one resident in half
# a minute; a resident reading a reminder is slower: the guard is widened instead of waited out.
UNTHROTTLED = {"TELEGRAM_THROTTLE_MESSAGES": "100"}


@pytest.fixture(scope="module")
def telegram(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaffGateway]:
    with staff_gateway(stack, tmp_path_factory.mktemp("reminders"), TOKEN) as running:
        running.restart(**REMINDING, **UNTHROTTLED)
        yield running


def set_a_reminder(telegram: StaffGateway, resident: int) -> tuple[int, dict[str, Any]]:
    """The resident walks the pension certification to its end and taps 到时候提醒我: the
    reminder, and the message that said it was set."""
    telegram.say(resident, text="养老金认证咋个弄")
    telegram.wait_for(resident, "养老金资格认证")
    telegram.say(resident, text="一步一步教我办")
    telegram.wait_for(resident, "第1步")
    for _ in range(12):
        telegram.say(resident, text="下一步")
        got = telegram.emulator.replies_until(
            TOKEN, resident, lambda got: any("步" in t or "办成了吗" in t for t in texts(got))
        )
        if "办成了吗" in "".join(texts(got)):
            break
    telegram.say(resident, text="办成了")
    offered = telegram.message_with(resident, "要我到时候提醒您吗")
    assert keyboard_titles(offered) == ["到时候提醒我", "不用了"]
    telegram.say(resident, text="到时候提醒我")
    set_message = telegram.message_with(resident, "记下了")
    [(reminder,)] = telegram.query(
        "SELECT id FROM reminders WHERE chat_id = ? AND status = 'active'", resident
    )
    return reminder, set_message


def test_a_reminder_set_at_the_guides_end_comes_once_with_the_guide_a_tap_away(
    telegram: StaffGateway, tmp_path_factory: pytest.TempPathFactory
) -> None:
    resident = next(_user_ids)
    reminder, _ = set_a_reminder(telegram, resident)
    telegram.say(resident, text="我的提醒")
    telegram.wait_for(resident, "您的提醒：养老金资格认证（")
    second = Gateway(telegram.env, tmp_path_factory.mktemp("second") / "gateway.log")
    try:
        make_due(telegram.stack, reminder)
        due = telegram.message_with(resident, DUE_WORDS)
        assert keyboard_titles(due) == ["现在就办", "过几天再说"]
        telegram.nothing_more_for(resident, seconds=3)  # the other gateway sent nothing
    finally:
        second.stop()
    assert failures_once_sent(telegram.stack, reminder) == 0
    telegram.say(resident, text="现在就办")
    telegram.wait_for(resident, "第1步")


def test_none_is_sent_at_night_and_the_morning_brings_it(telegram: StaffGateway) -> None:
    resident = next(_user_ids)
    reminder, _ = set_a_reminder(telegram, resident)
    now = dt.datetime.now(CHENGDU)
    later = [(now + dt.timedelta(hours=hours)).strftime("%H:00") for hours in (2, 3)]
    if later[0] > later[1]:  # around midnight: a window that ends before now instead
        later = [(now - dt.timedelta(hours=hours)).strftime("%H:00") for hours in (3, 2)]
    telegram.restart(REMINDERS_DAYTIME="-".join(later))  # now is night
    try:
        make_due(telegram.stack, reminder)
        telegram.nothing_more_for(resident, seconds=3)
    finally:
        telegram.restart(**REMINDING)  # morning
    telegram.wait_for(resident, DUE_WORDS)


def test_a_resident_who_blocked_the_bot_is_tried_again_and_counted(
    telegram: StaffGateway,
) -> None:
    resident = next(_user_ids)
    reminder, _ = set_a_reminder(telegram, resident)
    telegram.emulator.block(resident)
    try:
        make_due(telegram.stack, reminder)
        wait_until(lambda: the_notice(telegram.stack, reminder)[1] > 0, 30, "a counted failure")
        assert the_notice(telegram.stack, reminder)[0] is None
    finally:
        telegram.emulator.block(resident, blocked=False)
    telegram.wait_for(resident, DUE_WORDS)  # tried again, delivered


def test_the_son_is_reminded_too_and_starts_the_guide_on_his_mothers_phone(
    telegram: StaffGateway,
) -> None:
    mother, son = next(_user_ids), next(_user_ids)
    linked(telegram, mother, son, "儿子")
    reminder, set_message = set_a_reminder(telegram, mother)
    assert keyboard_titles(set_message)[0] == "也提醒我家人"
    telegram.say(mother, text="也提醒我家人")
    telegram.wait_for(mother, "到时候也会提醒您的儿子")
    make_due(telegram.stack, reminder)  # the mother's notice and her son's
    telegram.wait_for(mother, DUE_WORDS)
    due = telegram.message_with(son, "提醒您：您家人的「养老金资格认证」要在")
    assert keyboard_titles(due) == ["带家人办", "过几天再说"]
    telegram.say(son, text="带家人办")
    telegram.wait_for(son, "已经问家人了")
    telegram.wait_for(mother, "您的儿子想带您一步一步办「养老金资格认证」")
