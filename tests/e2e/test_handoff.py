"""A resident handed over to a community worker and back, on Telegram: the Bot API emulator on
one side, the real Rasa and action servers on the other, the gateway as `make bot` runs it
(tests/e2e/staff_harness.py)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest

from catalog import communities
from catalog.database import make_engine, make_session_factory
from tests.e2e.staff_harness import StaffGateway, Worker, staff_gateway
from tools.processes import wait_until
from tools.serve import Stack
from tools.telegram_harness import BOT_USERNAME, keyboard_titles, texts

pytestmark = pytest.mark.e2e

TOKEN = "223344:HANDOFF-TEST-TOKEN"
WAIT_SECONDS = 30  # HANDOFF_WAIT_MINUTES below
_user_ids = itertools.count(8_000_001)


@pytest.fixture(scope="module")
def handoff(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaffGateway]:
    with staff_gateway(stack, tmp_path_factory.mktemp("handoff"), TOKEN, WAIT_SECONDS) as running:
        yield running


@pytest.fixture(scope="module")
def workers(handoff: StaffGateway) -> list[Worker]:
    """Two workers who joined with invite codes and went on duty."""
    joined = [Worker(next(_user_ids), name) for name in ("李姐", "张哥")]
    for worker in joined:
        handoff.join(worker.user_id, worker.name)
    return joined


@pytest.fixture
def resident() -> int:
    return next(_user_ids)


def ask_for_a_person_mid_guide(handoff: StaffGateway, resident: int) -> None:
    handoff.stuck_on_the_water_bill(resident)
    handoff.say(resident, text="找个人帮我")
    assert "最多等" in "".join(texts(handoff.wait_for(resident, "工作人员")))


def taken_over_by(handoff: StaffGateway, worker: Worker, resident: int, asking: str) -> int:
    """The resident asks for a person with `asking`, `worker` claims it: the request number."""
    handoff.say(resident, text=asking)
    handoff.wait_for(resident, "最多等")
    number, _ = handoff.announcement(worker)
    handoff.claim(worker, number)
    handoff.wait_for(resident, f"{worker.name}来帮您了")
    return number


def test_staff_commands_are_for_staff_only(handoff: StaffGateway, resident: int) -> None:
    for command in ("/duty on", "/queue", "/done", "/workers"):
        handoff.command(resident, command)
        assert texts(handoff.wait_for(resident, "工作人员用的")) == [
            "这个命令是给社区工作人员用的。您有事直接打字告诉我就行。"
        ]
    handoff.command(resident, "/join NOTACODE")
    handoff.wait_for(resident, "邀请码不对")


def test_an_admin_lists_and_removes_workers(handoff: StaffGateway, workers: list[Worker]) -> None:
    admin = next(_user_ids)
    handoff.command(admin, f"/join {handoff.invite('admin')} 周主任")
    handoff.wait_for(admin, "管理员")
    handoff.command(workers[0].user_id, "/workers")
    handoff.wait_for(workers[0].user_id, "只有管理员")
    leaving = Worker(next(_user_ids), "小刘")
    handoff.command(leaving.user_id, f"/join {handoff.invite()} 小刘")
    handoff.wait_for(leaving.user_id, "欢迎您")
    handoff.command(admin, "/workers")
    listing = texts(handoff.wait_for(admin, "小刘"))[0]
    assert "李姐（社区工作人员，值班中）" in listing
    number = re.search(r"(\d+)\. 小刘", listing)[1]
    handoff.command(admin, f"/remove {number}")
    handoff.wait_for(admin, "已经移除了小刘")
    handoff.command(leaving.user_id, "/duty on")
    handoff.wait_for(leaving.user_id, "工作人员用的")


def test_one_worker_claims_talks_through_the_bot_and_hands_back(
    handoff: StaffGateway, workers: list[Worker], resident: int
) -> None:
    li, zhang = workers
    ask_for_a_person_mid_guide(handoff, resident)
    number, to_li = handoff.announcement(li)
    _, to_zhang = handoff.announcement(zhang)
    # Where the resident was, what they said, with the phone number masked.
    assert "缴纳水费，第1步" in to_li["text"]
    assert "卡住时说：我电话138****5678 收不到验证码" in to_li["text"]
    assert to_li["text"].count("居民：找个人帮我") == 1
    assert "13812345678" not in to_li["text"]

    # Both press 认领 at once: one owner, and the other sees who took it.
    handoff.tap(li.user_id, f"claim:{number}")
    handoff.tap(zhang.user_id, f"claim:{number}")
    handoff.wait_for(li.user_id, "您接手了")
    handoff.nothing_more_for(zhang.user_id)
    assert handoff.request_row(number)[0] == "assigned"
    seen_by_zhang = handoff.emulator.current_text(TOKEN, zhang.user_id, to_zhang["message_id"])
    assert seen_by_zhang == f"{number}号求助已由李姐认领。"
    started = handoff.wait_for(resident, "李姐来帮您了")
    assert keyboard_titles(started[-1]) == ["结束，回到小助手"]

    # The assistant is silent; the worker hears the resident, and the other way round.
    handoff.say(resident, text="养老金资格认证怎么做")
    handoff.wait_for(li.user_id, "居民：养老金资格认证怎么做")
    handoff.nothing_more_for(resident)
    photo = [{"file_id": "p1", "file_unique_id": "p1", "width": 9, "height": 9}]
    handoff.say(resident, photo=photo)
    copied = handoff.emulator.replies_until(TOKEN, li.user_id, bool)
    assert int(copied[0]["copy_of"]["chat_id"]) == resident
    handoff.say(li.user_id, text="您好，我是李姐。您的身份证号是51010419500101123X吗")
    told = texts(handoff.wait_for(resident, "李姐："))[0]
    assert told.startswith("李姐：您好，我是李姐。")

    # /done with an outcome and a note: the assistant comes back and offers the guide.
    handoff.command(li.user_id, "/done 解决了 帮她重新发了验证码")
    handoff.wait_for(li.user_id, "交还给小助手")
    back = handoff.wait_for(resident, "刚才「缴纳水费」说到第1步")
    assert "小助手回来了" in "".join(texts(back))
    handoff.say(resident, text="继续")
    handoff.wait_for(resident, "第1步")
    assert handoff.request_row(number) == ("resolved", "worker", "solved", "帮她重新发了验证码")
    transcript = handoff.query(
        "SELECT author, kind, text FROM handoff_messages WHERE request_id = ? ORDER BY id", number
    )
    assert [row[:2] for row in transcript] == [
        ("resident", "text"),
        ("resident", "photo"),
        ("worker", "text"),
    ]
    assert "51010419500101123X" not in transcript[2][2]
    assert handoff.query("SELECT * FROM relay_chats WHERE request_id = ?", number) == []


def test_the_resident_can_end_it_by_saying_so(
    handoff: StaffGateway, workers: list[Worker], resident: int
) -> None:
    li = workers[0]
    number = taken_over_by(handoff, li, resident, "我想找个人问问")
    handoff.say(resident, text="我那个电费的事情不是这样的")  # long: for the worker only
    handoff.wait_for(li.user_id, "居民：我那个电费")
    handoff.say(resident, text="不用了")
    confirm = handoff.message_with(resident, "要结束")
    assert [row[0]["callback_data"] for row in confirm["reply_markup"]["inline_keyboard"]] == [
        f"end:{number}",
        f"keep:{number}",
    ]
    handoff.tap(resident, f"end:{number}", confirm["message_id"])
    handoff.wait_for(resident, "小助手回来了")
    ended = handoff.message_with(li.user_id, "居民结束了对话")
    outcomes = [row[0]["callback_data"] for row in ended["reply_markup"]["inline_keyboard"]]
    assert outcomes == [f"outcome:{number}:{o}" for o in ("solved", "not_solved", "referred")]
    handoff.tap(li.user_id, f"outcome:{number}:referred")
    wait_until(lambda: handoff.request_row(number)[2] == "referred", 10, "the outcome")
    assert handoff.request_row(number)[:2] == ("resolved", "resident")


def test_a_message_to_the_bot_in_a_group_reaches_the_worker_too(
    handoff: StaffGateway, workers: list[Worker], resident: int
) -> None:
    li = workers[0]
    taken_over_by(handoff, li, resident, "找个人帮我一下")
    group = {"id": -100_555_000_001, "type": "supergroup", "title": "幸福社区"}
    mention = f"@{BOT_USERNAME}"
    entities = [{"type": "mention", "offset": 0, "length": len(mention)}]
    handoff.say(resident, chat=group, text=f"{mention} 我在群里问一下", entities=entities)
    handoff.wait_for(li.user_id, "居民：我在群里问一下")
    handoff.nothing_more_for(group["id"])  # no answer from the paused assistant, no apology
    handoff.command(li.user_id, "/done 解决了")
    handoff.wait_for(resident, "小助手回来了")


def test_a_gateway_restart_mid_handoff_loses_no_message_and_keeps_the_owner(
    handoff: StaffGateway, workers: list[Worker], resident: int
) -> None:
    zhang = workers[1]
    number = taken_over_by(handoff, zhang, resident, "帮我找个工作人员")
    handoff.gateway.stop()
    handoff.say(resident, text="我刚才手机没电了")
    handoff.say(zhang.user_id, text="没关系，慢慢来")
    handoff.restart()
    handoff.wait_for(zhang.user_id, "居民：我刚才手机没电了")
    handoff.wait_for(resident, "张哥：没关系，慢慢来")
    handoff.tap(zhang.user_id, f"handback:{number}")  # the button under "您接手了"
    asked = handoff.message_with(zhang.user_id, "帮上了吗")
    assert asked["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == (
        f"outcome:{number}:solved"
    )
    handoff.wait_for(resident, "小助手回来了")


def test_a_request_nobody_claims_expires_with_an_honest_message(
    handoff: StaffGateway, workers: list[Worker], resident: int
) -> None:
    handoff.say(resident, text="我想找个人帮我看一下")
    handoff.wait_for(resident, "最多等")
    number, to_li = handoff.announcement(workers[0])
    handoff.command(workers[0].user_id, "/queue")
    listed = handoff.message_with(workers[0].user_id, "在等的求助")
    assert f"{number}号：" in listed["text"]
    assert listed["reply_markup"]["inline_keyboard"] == [
        [{"text": f"认领{number}号", "callback_data": f"claim:{number}"}]
    ]
    expired = handoff.wait_for(resident, "没能接上您", timeout=WAIT_SECONDS + 20)
    assert "12345" in texts(expired)[0]
    assert keyboard_titles(expired[-1])[0] == "再找一次人"
    assert handoff.request_row(number)[:2] == ("expired", "expiry")
    seen = handoff.emulator.current_text(TOKEN, workers[0].user_id, to_li["message_id"])
    assert seen == f"{number}号求助没等到人，已经结束了。"
    handoff.tap(workers[0].user_id, f"claim:{number}")  # too late: nothing happens to anyone
    handoff.nothing_more_for(resident, 1.0)


def test_with_a_workers_group_requests_are_announced_there_one_topic_each(
    handoff: StaffGateway, workers: list[Worker], resident: int
) -> None:
    group = -100_777_000_001
    li = workers[0]
    handoff.restart(TELEGRAM_WORKERS_CHAT_ID=str(group))
    try:
        handoff.say(resident, text="找个人帮我看看")
        handoff.wait_for(resident, "最多等")
        notice = handoff.message_with(group, "有居民需要帮助")
        assert int(notice["message_thread_id"]) > 1000  # the request's own topic
        number = int(re.search(r"（(\d+)号求助）", notice["text"])[1])
        privately = texts(handoff.emulator.replies_so_far(TOKEN, li.user_id))
        assert not any(f"（{number}号求助）" in text for text in privately)
        handoff.claim(li, number)  # a group member's tap; the talk is private
        seen = handoff.emulator.current_text(TOKEN, group, notice["message_id"])
        assert seen == f"{number}号求助已由李姐认领。"
        handoff.wait_for(resident, "李姐来帮您了")
        handoff.command(li.user_id, "/done 没解决")
        handoff.wait_for(resident, "小助手回来了")
        assert handoff.request_row(number)[:3] == ("resolved", "worker", "not_solved")
    finally:
        handoff.restart(TELEGRAM_WORKERS_CHAT_ID="")


def test_report_sends_workers_the_chart_and_five_lines(
    handoff: StaffGateway, workers: list[Worker], resident: int
) -> None:
    handoff.command(resident, "/report")
    handoff.wait_for(resident, "工作人员用的")
    handoff.command(workers[0].user_id, "/report")
    sent = handoff.message_with(workers[0].user_id, "近7天", timeout=60)
    assert sent["photo"].startswith("upload:") and sent["photo"].endswith(":png")
    lines = sent["caption"].split("\n")
    assert len(lines) == 5
    assert lines[0].startswith("近7天：") and lines[2].startswith("求助")
    assert lines[3].startswith("居民连上的家人帮手：") and lines[4].startswith("到期提醒发出")


def test_report_for_one_community_counts_the_residents_who_opened_its_link(
    handoff: StaffGateway, workers: list[Worker], resident: int
) -> None:
    sessions = make_session_factory(make_engine(f"sqlite:///{handoff.database}"))
    community = communities.create(sessions, "玉林社区")
    handoff.command(resident, f"/start c_{community.code}")
    handoff.wait_for(resident, "您好")
    handoff.say(resident, text="养老金认证咋个弄")
    handoff.wait_for(resident, "养老金资格认证")
    handoff.command(workers[0].user_id, "/report 玉林社区")
    sent = handoff.message_with(workers[0].user_id, "玉林社区", timeout=60)
    lines = sent["caption"].split("\n")
    assert lines[0] == "玉林社区" and lines[1].startswith("近7天：1位居民")
    handoff.command(workers[0].user_id, "/report 没有的社区")
    handoff.wait_for(workers[0].user_id, "没有叫“没有的社区”的社区")
