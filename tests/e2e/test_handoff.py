"""A resident handed over to a community worker and back, on Telegram: the Bot API emulator on
one side, the real Rasa and action servers on the other, the gateway as `make bot` runs it, and
staff invited with `python -m handoff invite` (what `make invite` runs)."""

from __future__ import annotations

import itertools
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.telegram_harness import Emulator, Gateway, keyboard_titles, texts, wait_until
from tools.serve import ROOT, Stack, free_ports

pytestmark = pytest.mark.e2e

TOKEN = "223344:HANDOFF-TEST-TOKEN"
WAIT_SECONDS = 30  # HANDOFF_WAIT_MINUTES below
_user_ids = itertools.count(8_000_001)


@dataclass
class Worker:
    user_id: int
    name: str


class Handoff:
    """The gateway for these tests, restartable, with what the tests need to drive it."""

    def __init__(self, emulator: Emulator, stack: Stack, logs: Path) -> None:
        self.emulator = emulator
        self.stack = stack
        self.database = stack.data_dir / "app.db"
        self.env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": emulator.url,
            "TELEGRAM_SENDER_KEY": "handoff-sender-key",
            "TELEGRAM_POLL_INTERVAL": "0.1",
            "RASA_URL": stack.rasa_url,
            "DATABASE_URL": f"sqlite:///{self.database}",
            "HANDOFF_OPENING_HOURS": "always",
            "HANDOFF_CHECK_SECONDS": "0.3",
            "HANDOFF_WAIT_MINUTES": str(WAIT_SECONDS / 60),
            "HANDOFF_REANNOUNCE_MINUTES": "30",
        }
        self._logs = logs
        self._runs = itertools.count(1)
        self.gateway = self._start()

    def restart(self, **settings: str) -> None:
        """Stop the gateway and start it again, with `settings` changed from now on."""
        self.gateway.stop()
        self.env.update(settings)
        self.gateway = self._start()

    def _start(self) -> Gateway:
        return Gateway(self.env, self._logs / f"handoff-gateway-{next(self._runs)}.log")

    def say(self, user_id: int, **message: Any) -> None:
        self.emulator.send(TOKEN, user_id, **message)

    def command(self, user_id: int, text: str) -> None:
        self.emulator.command(TOKEN, user_id, text)

    def tap(self, user_id: int, data: str, message_id: int = 1) -> None:
        self.emulator.tap_inline_button(TOKEN, user_id, data, message_id)

    def wait_for(self, user_id: int, words: str, timeout: float = 30) -> list[dict[str, Any]]:
        """The bot's new messages to `user_id`, once one of them contains `words`."""
        return self.emulator.replies_until(
            TOKEN, user_id, lambda got: any(words in text for text in texts(got)), timeout
        )

    def nothing_more_for(self, user_id: int, seconds: float = 2.0) -> None:
        time.sleep(seconds)
        assert texts(self.emulator.replies_so_far(TOKEN, user_id)) == []

    def invite(self, role: str = "worker") -> str:
        """`python -m handoff invite`, as `make invite` runs it: the code is the last line."""
        result = subprocess.run(
            [sys.executable, "-m", "handoff", "invite", "--role", role],
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": self.env["DATABASE_URL"]},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip().splitlines()[-1]

    def request_row(self, number: int) -> tuple:
        """status, closed_by, outcome, note of help request `number`."""
        [row] = self.query(
            "SELECT status, closed_by, outcome, note FROM help_requests WHERE id = ?", number
        )
        return row

    def query(self, sql: str, *parameters: Any) -> list[tuple]:
        with sqlite3.connect(self.database) as db:
            return db.execute(sql, parameters).fetchall()


@pytest.fixture(scope="module")
def handoff(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Handoff]:
    logs = tmp_path_factory.mktemp("handoff")
    (port,) = free_ports(1)
    emulator = Emulator(port, logs / "emulator.log")
    running = Handoff(emulator, stack, logs)
    yield running
    running.gateway.stop()
    emulator.stop()


@pytest.fixture(scope="module")
def workers(handoff: Handoff) -> list[Worker]:
    """Two workers who joined with invite codes and went on duty."""
    joined = []
    for name in ("李姐", "张哥"):
        worker = Worker(next(_user_ids), name)
        handoff.command(worker.user_id, f"/join {handoff.invite()} {name}")
        assert "社区工作人员" in texts(handoff.wait_for(worker.user_id, f"欢迎您，{name}"))[0]
        handoff.command(worker.user_id, "/duty on")
        handoff.wait_for(worker.user_id, "开始值班")
        joined.append(worker)
    return joined


@pytest.fixture
def resident() -> int:
    return next(_user_ids)


def ask_for_a_person_mid_guide(handoff: Handoff, resident: int) -> None:
    handoff.say(resident, text="怎么交水费")
    handoff.wait_for(resident, "缴纳水费")
    handoff.say(resident, text="一步一步教我办")
    handoff.wait_for(resident, "第1步")
    handoff.say(resident, text="我电话13812345678 收不到验证码")
    handoff.emulator.replies_until(TOKEN, resident, bool)
    handoff.say(resident, text="找个人帮我")
    assert "最多等" in "".join(texts(handoff.wait_for(resident, "工作人员")))


def announcement(handoff: Handoff, worker: Worker) -> tuple[int, dict[str, Any]]:
    """The request number and the message that announced it to `worker`."""
    announced = re.compile(r"有居民需要帮助（(\d+)号求助）")
    got = handoff.emulator.replies_until(
        TOKEN, worker.user_id, lambda got: any(announced.match(t) for t in texts(got))
    )
    *_, message = [m for m in got if announced.match(m["text"])]  # older ones may be unread
    number = int(announced.match(message["text"])[1])
    buttons = message["reply_markup"]["inline_keyboard"]
    assert buttons == [[{"text": "认领", "callback_data": f"claim:{number}"}]]
    return number, message


def claim(handoff: Handoff, worker: Worker, number: int) -> None:
    handoff.tap(worker.user_id, f"claim:{number}")
    handoff.wait_for(worker.user_id, "您接手了")


def test_staff_commands_are_for_staff_only(handoff: Handoff, resident: int) -> None:
    for command in ("/duty on", "/queue", "/done", "/workers"):
        handoff.command(resident, command)
        assert texts(handoff.wait_for(resident, "工作人员用的")) == [
            "这个命令是给社区工作人员用的。您有事直接打字告诉我就行。"
        ]
    handoff.command(resident, "/join NOTACODE")
    handoff.wait_for(resident, "邀请码不对")


def test_an_admin_lists_and_removes_workers(handoff: Handoff, workers: list[Worker]) -> None:
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
    handoff: Handoff, workers: list[Worker], resident: int
) -> None:
    li, zhang = workers
    ask_for_a_person_mid_guide(handoff, resident)
    number, to_li = announcement(handoff, li)
    _, to_zhang = announcement(handoff, zhang)
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
    handoff: Handoff, workers: list[Worker], resident: int
) -> None:
    li = workers[0]
    handoff.say(resident, text="我想找个人问问")
    handoff.wait_for(resident, "最多等")
    number, _ = announcement(handoff, li)
    claim(handoff, li, number)
    handoff.wait_for(resident, "李姐来帮您了")
    handoff.say(resident, text="我那个电费的事情不是这样的")  # long: for the worker only
    handoff.wait_for(li.user_id, "居民：我那个电费")
    handoff.say(resident, text="不用了")
    [confirm] = handoff.wait_for(resident, "要结束")
    assert [row[0]["callback_data"] for row in confirm["reply_markup"]["inline_keyboard"]] == [
        f"end:{number}",
        f"keep:{number}",
    ]
    handoff.tap(resident, f"end:{number}", confirm["message_id"])
    handoff.wait_for(resident, "小助手回来了")
    *_, ended = handoff.wait_for(li.user_id, "居民结束了对话")  # after "居民：不弄了"
    outcomes = [row[0]["callback_data"] for row in ended["reply_markup"]["inline_keyboard"]]
    assert outcomes == [f"outcome:{number}:{o}" for o in ("solved", "not_solved", "referred")]
    handoff.tap(li.user_id, f"outcome:{number}:referred")
    wait_until(lambda: handoff.request_row(number)[2] == "referred", 10, "the outcome")
    assert handoff.request_row(number)[:2] == ("resolved", "resident")


def test_a_gateway_restart_mid_handoff_loses_no_message_and_keeps_the_owner(
    handoff: Handoff, workers: list[Worker], resident: int
) -> None:
    zhang = workers[1]
    handoff.say(resident, text="帮我找个工作人员")
    handoff.wait_for(resident, "最多等")
    number, _ = announcement(handoff, zhang)
    claim(handoff, zhang, number)
    handoff.wait_for(resident, "张哥来帮您了")
    handoff.gateway.stop()
    handoff.say(resident, text="我刚才手机没电了")
    handoff.say(zhang.user_id, text="没关系，慢慢来")
    handoff.restart()
    handoff.wait_for(zhang.user_id, "居民：我刚才手机没电了")
    handoff.wait_for(resident, "张哥：没关系，慢慢来")
    handoff.tap(zhang.user_id, f"handback:{number}")  # the button under "您接手了"
    *_, asked = handoff.wait_for(zhang.user_id, "帮上了吗")
    assert asked["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == (
        f"outcome:{number}:solved"
    )
    handoff.wait_for(resident, "小助手回来了")


def test_a_request_nobody_claims_expires_with_an_honest_message(
    handoff: Handoff, workers: list[Worker], resident: int
) -> None:
    handoff.say(resident, text="有没有人 帮我看一下")
    handoff.wait_for(resident, "最多等")
    number, to_li = announcement(handoff, workers[0])
    handoff.command(workers[0].user_id, "/queue")
    [listed] = handoff.wait_for(workers[0].user_id, "在等的求助")
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
    handoff: Handoff, workers: list[Worker], resident: int
) -> None:
    group = -100_777_000_001
    li = workers[0]
    handoff.restart(TELEGRAM_WORKERS_CHAT_ID=str(group))
    try:
        handoff.say(resident, text="找个人帮我看看")
        handoff.wait_for(resident, "最多等")
        [notice] = handoff.wait_for(group, "有居民需要帮助")
        assert int(notice["message_thread_id"]) > 1000  # the request's own topic
        number = int(re.search(r"（(\d+)号求助）", notice["text"])[1])
        assert handoff.emulator.replies_so_far(TOKEN, li.user_id) == []  # not privately
        claim(handoff, li, number)  # a group member's tap; the talk is private
        seen = handoff.emulator.current_text(TOKEN, group, notice["message_id"])
        assert seen == f"{number}号求助已由李姐认领。"
        handoff.wait_for(resident, "李姐来帮您了")
        handoff.command(li.user_id, "/done 没解决")
        handoff.wait_for(resident, "小助手回来了")
        assert handoff.request_row(number)[:3] == ("resolved", "worker", "not_solved")
    finally:
        handoff.restart(TELEGRAM_WORKERS_CHAT_ID="")
