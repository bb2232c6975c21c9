"""问家人 on Telegram, end to end (the Bot API emulator, the gateway as `make bot` runs it, the
real Rasa and action servers): a stuck resident asks her family; her daughter is shown the step
and her words, masked, and nothing said before; the daughter helps with words and a photo and
hands back, and the mother sees what was shared (谁看过). A son passes a request to the
workers; a helper who leaves loses access at once; nobody answering in time offers the
workers."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.e2e.family_steps import linked
from tests.e2e.staff_harness import StaffGateway, Worker, inline, staff_gateway
from tools.serve import Stack
from tools.telegram_harness import keyboard_titles, texts

pytestmark = pytest.mark.e2e

TOKEN = "445566:FAMILY-ASKS-TEST-TOKEN"
_user_ids = itertools.count(7_200_001)
PHOTO = [{"file_id": "p1", "file_unique_id": "p1", "width": 9, "height": 9}]


@pytest.fixture(scope="module")
def telegram(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaffGateway]:
    with staff_gateway(stack, tmp_path_factory.mktemp("family-asks"), TOKEN) as running:
        yield running


def stuck_and_asks_family(telegram: StaffGateway, resident: int) -> None:
    """On the water bill's first step the resident is stuck, asks for help, and picks 问家人."""
    telegram.stuck_on_the_water_bill(resident)
    telegram.say(resident, text="找个人帮我")
    asked = telegram.message_with(resident, "您想请谁来帮您")
    assert keyboard_titles(asked)[:2] == ["问家人", "问社区工作人员"]
    telegram.say(resident, text="问家人")
    telegram.wait_for(resident, "我请您的家人来帮您")


def test_a_daughter_helps_with_words_and_a_photo_and_sees_nothing_from_before(
    telegram: StaffGateway,
) -> None:
    mother, daughter = next(_user_ids), next(_user_ids)
    # The stack's database is shared with other test files: only this test's requests count.
    (earlier,) = telegram.query("SELECT coalesce(max(id), 0) FROM help_requests")[0]
    linked(telegram, mother, daughter, "女儿")
    stuck_and_asks_family(telegram, mother)
    seen = [telegram.message_with(daughter, "您的家人想请您帮个忙")]
    asked = seen[0]
    assert "缴纳水费，第1步（共" in asked["text"]
    assert "家人说：我电话138****5678 收不到验证码" in asked["text"]
    assert list(inline(asked)) == ["我来帮", "请社区工作人员帮"]

    telegram.tap(daughter, inline(asked)["我来帮"], asked["message_id"])
    helping = telegram.message_with(daughter, "帮完了请点")
    assert list(inline(helping)) == ["帮完了", "请社区工作人员帮"]
    started = telegram.message_with(mother, "您的女儿来帮您了")
    assert keyboard_titles(started) == ["结束，回到小助手"]

    telegram.say(daughter, text="妈，您点一下重新发送")
    telegram.wait_for(mother, "女儿：妈，您点一下重新发送")
    telegram.say(daughter, photo=PHOTO)
    copied = telegram.emulator.replies_until(TOKEN, mother, bool)
    assert int(copied[0]["copy_of"]["chat_id"]) == daughter
    telegram.say(mother, text="好的 卡号6222021234567890123")
    seen += telegram.wait_for(daughter, "家人：好的")
    assert "6222021234567890123" not in texts(seen)[-1]

    telegram.tap(daughter, inline(helping)["帮完了"], helping["message_id"])
    seen += telegram.wait_for(daughter, "谢谢您")
    back = telegram.wait_for(mother, "刚才「缴纳水费」说到第1步")
    assert "和家人的对话结束了" in "".join(texts(back))
    rows = telegram.query(
        "SELECT status FROM help_requests WHERE closed_by = 'family' AND id > ?", earlier
    )
    assert rows == [("resolved",)]
    # Nothing the mother said before asking reached her daughter.
    for text in texts(seen):
        assert "怎么交水费" not in text and "一步一步" not in text and "找个人" not in text
    # What was shared is on the mother's record (谁看过), newest first.
    telegram.say(mother, text="谁看过")
    record = telegram.message_with(mother, "家人看过的")["text"]
    assert record.splitlines()[1:] == [
        f"{record.splitlines()[1].split()[0]} 女儿看过1条您的话",
        f"{record.splitlines()[1].split()[0]} 女儿看过您求助的事",
    ]


def test_a_son_passes_it_to_a_worker(telegram: StaffGateway) -> None:
    mother, son = next(_user_ids), next(_user_ids)
    worker = Worker(next(_user_ids), "李姐")
    telegram.join(worker.user_id, worker.name)
    linked(telegram, mother, son, "儿子")
    stuck_and_asks_family(telegram, mother)
    asked = telegram.message_with(son, "您的家人想请您帮个忙")
    telegram.tap(son, inline(asked)["请社区工作人员帮"], asked["message_id"])
    telegram.wait_for(son, "已经请社区工作人员来帮您的家人")
    telegram.wait_for(mother, "您的儿子请社区工作人员来帮您")
    number, _ = telegram.announcement(worker)
    telegram.claim(worker, number)
    telegram.wait_for(mother, "李姐来帮您了")
    telegram.say(mother, text="谢谢")
    telegram.wait_for(worker.user_id, "居民：谢谢")
    telegram.nothing_more_for(son)
    telegram.command(worker.user_id, "/done 解决了")
    telegram.wait_for(mother, "小助手回来了")


def test_a_helper_who_leaves_loses_access_at_once(telegram: StaffGateway) -> None:
    mother, son = next(_user_ids), next(_user_ids)
    told = linked(telegram, mother, son, "儿子")
    stuck_and_asks_family(telegram, mother)
    asked = telegram.message_with(son, "您的家人想请您帮个忙")
    telegram.tap(son, inline(asked)["我来帮"], asked["message_id"])
    telegram.wait_for(mother, "您的儿子来帮您了")
    telegram.tap(son, inline(told)["不当帮手了"], told["message_id"])
    telegram.wait_for(son, "您不再当这位家人的帮手了")
    telegram.say(son, text="妈我来了")  # no longer relayed: the son's own chat with the assistant
    telegram.emulator.replies_until(TOKEN, son, bool)
    telegram.nothing_more_for(mother)
    telegram.say(mother, text="我的家人")
    back = telegram.wait_for(mother, "您还没有家人帮手")
    assert "和家人的对话结束了" in "".join(texts(back))


def test_nobody_answers_in_time_and_the_workers_are_offered(telegram: StaffGateway) -> None:
    mother, son = next(_user_ids), next(_user_ids)
    linked(telegram, mother, son, "儿子")
    telegram.restart(FAMILY_WAIT_MINUTES="0.05")
    try:
        stuck_and_asks_family(telegram, mother)
        asked = telegram.message_with(son, "您的家人想请您帮个忙")
        offered = telegram.message_with(mother, "家人还没回")
        assert keyboard_titles(offered) == ["请社区工作人员帮", "不用了"]
        telegram.tap(son, inline(asked)["我来帮"], asked["message_id"])  # too late
        telegram.wait_for(son, "这件事已经有人在帮了，或者已经办完了")
        telegram.say(mother, text="请社区工作人员帮")
        telegram.wait_for(mother, "最多等")
    finally:
        telegram.restart(FAMILY_WAIT_MINUTES="10")
