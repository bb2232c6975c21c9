"""Family helpers on Telegram, end to end: the Bot API emulator, the gateway as `make bot` runs
it, and the real Rasa and action servers (tests/e2e/staff_harness.py). A resident gives a family
member a code; the family member opens it, says who they are; the resident agrees; a used or
forged code is refused; the resident removes the helper, and another helper leaves."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.e2e.family_steps import code_for, opens
from tests.e2e.staff_harness import StaffGateway, inline, staff_gateway
from tools.serve import Stack

pytestmark = pytest.mark.e2e

TOKEN = "334455:FAMILY-TEST-TOKEN"
_user_ids = itertools.count(7_100_001)


@pytest.fixture(scope="module")
def telegram(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaffGateway]:
    with staff_gateway(stack, tmp_path_factory.mktemp("family"), TOKEN) as running:
        yield running


def test_a_son_is_linked_refused_a_second_time_and_removed(telegram: StaffGateway) -> None:
    mother, son, stranger = next(_user_ids), next(_user_ids), next(_user_ids)
    code = code_for(telegram, mother)
    telegram.command(son, "/start f_ABCDEF")  # forged
    telegram.wait_for(son, "这个码不对，或者已经用过了")
    opens(telegram, son, code, "儿子")
    asked = telegram.message_with(mother, "您的儿子想当您的帮手")
    assert "看不到别的聊天" in asked["text"]
    telegram.say(mother, text="同意")  # the keyboard's button
    telegram.wait_for(mother, "儿子现在是您的帮手了")
    linked = telegram.message_with(son, "您的家人同意了")
    assert list(inline(linked)) == ["不当帮手了"]

    telegram.command(stranger, f"/start f_{code}")  # the code opens once
    telegram.wait_for(stranger, "这个码不对，或者已经用过了")

    telegram.say(mother, text="我的家人")
    telegram.wait_for(mother, "您的家人帮手：儿子。")
    telegram.say(mother, text="移除儿子")
    telegram.wait_for(mother, "儿子已经不是您的帮手了")
    telegram.wait_for(son, "您的家人把您从帮手里移除了")
    rows = telegram.query("SELECT status, helper_chat_id, resident_chat_id FROM family_links")
    assert ("removed", None, None) in rows  # where they are is forgotten once told


def test_a_daughter_who_types_the_code_and_her_name_then_leaves(telegram: StaffGateway) -> None:
    father, daughter = next(_user_ids), next(_user_ids)
    code = code_for(telegram, father)
    telegram.say(daughter, text=code.lower())  # typed, not opened from the link
    asked = telegram.message_with(daughter, "请问您是这位家人的什么人")
    telegram.tap(daughter, inline(asked)["其他（打字告诉我）"], asked["message_id"])
    telegram.wait_for(daughter, "请打字告诉我")
    telegram.say(daughter, text="小芳")
    telegram.wait_for(daughter, "已经请您的家人确认了")
    telegram.message_with(father, "您的小芳想当您的帮手")
    telegram.say(father, text="同意")
    telegram.wait_for(father, "小芳现在是您的帮手了")
    linked = telegram.message_with(daughter, "您的家人同意了")
    telegram.tap(daughter, inline(linked)["不当帮手了"], linked["message_id"])
    telegram.wait_for(daughter, "您不再当这位家人的帮手了")
    telegram.say(father, text="我的家人")
    telegram.wait_for(father, "您还没有家人帮手")
