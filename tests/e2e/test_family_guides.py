"""A family helper guides their resident through a service on the resident's own phone, on
Telegram end to end (the Bot API emulator, the gateway as `make bot` runs it, the real Rasa and
action servers): the mother is asked each time and may say no; once she agrees the guide runs on
her phone and her son is told each step and where she is stuck; she sees the shares under
谁看过; removed, he can start nothing more."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.e2e.family_steps import linked
from tests.e2e.staff_harness import StaffGateway, staff_gateway
from tools.serve import Stack
from tools.telegram_harness import keyboard_titles, texts

pytestmark = pytest.mark.e2e

TOKEN = "556677:FAMILY-GUIDES-TEST-TOKEN"
_user_ids = itertools.count(7_400_001)


@pytest.fixture(scope="module")
def telegram(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaffGateway]:
    with staff_gateway(stack, tmp_path_factory.mktemp("family-guides"), TOKEN) as running:
        yield running


def son_proposes(telegram: StaffGateway, son: int, mother: int) -> dict:
    """The son asks to teach his mother the electricity bill: her question, with its buttons."""
    telegram.say(son, text="教妈妈交电费")
    telegram.wait_for(son, "已经问家人了")
    asked = telegram.message_with(mother, "您的儿子想带您一步一步办「缴纳电费」")
    assert keyboard_titles(asked)[:2] == ["好，开始", "现在不方便"]
    return asked


def test_a_son_guides_his_mother_step_by_step_with_her_consent(telegram: StaffGateway) -> None:
    mother, son = next(_user_ids), next(_user_ids)
    linked(telegram, mother, son, "儿子")
    son_proposes(telegram, son, mother)
    telegram.say(mother, text="现在不方便")
    telegram.wait_for(mother, "好的，先不办")
    telegram.wait_for(son, "您的家人说现在不方便")

    son_proposes(telegram, son, mother)  # asked again: a yes this time
    telegram.say(mother, text="好，开始")
    started = telegram.wait_for(mother, "第1步（共")
    assert "您的儿子看得到您做到哪一步" in "".join(texts(started))
    telegram.wait_for(son, "您的家人同意了，开始办「缴纳电费」")
    telegram.say(mother, text="下一步")
    telegram.wait_for(mother, "第2步")
    telegram.wait_for(son, "您的家人到了第2步（共")
    telegram.say(mother, text="我电话13812345678 收不到验证码")
    telegram.emulator.replies_until(TOKEN, mother, bool)
    [stuck] = texts(telegram.wait_for(son, "您的家人卡在第2步"))
    assert "138****5678" in stuck and "13812345678" not in stuck

    telegram.say(mother, text="谁看过")  # the rest of the help on the step may come first
    record = telegram.message_with(mother, "家人看过的")["text"]
    assert "儿子看过您办事进度" in record


def test_a_removed_helper_can_start_nothing(telegram: StaffGateway) -> None:
    mother, son = next(_user_ids), next(_user_ids)
    linked(telegram, mother, son, "儿子")
    telegram.say(mother, text="我的家人")
    listed = telegram.message_with(mother, "您的家人帮手：儿子")
    telegram.say(mother, text=keyboard_titles(listed)[0])  # 移除儿子
    telegram.wait_for(mother, "儿子已经不是您的帮手了")
    telegram.say(son, text="教家人办事")
    telegram.wait_for(son, "您还不是哪位家人的帮手")
    telegram.say(son, text="教妈妈交电费")  # shown the service, for himself
    telegram.wait_for(son, "缴纳电费")
    telegram.nothing_more_for(mother)
