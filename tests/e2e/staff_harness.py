"""A Telegram gateway with staff, for the end-to-end tests of community workers' features: the
gateway as `make bot` runs it (restartable, on its own emulator and bot token), staff invited with
`python -m handoff invite` (what `make invite` runs), and the database to check what was stored."""

from __future__ import annotations

import contextlib
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

from tools.processes import wait_until
from tools.serve import ROOT, Stack, free_ports
from tools.telegram_harness import Emulator, Gateway, texts


@dataclass
class Worker:
    user_id: int
    name: str


class StaffGateway:
    """The gateway for these tests, restartable, with what the tests need to drive it."""

    def __init__(
        self, emulator: Emulator, stack: Stack, logs: Path, token: str, wait_seconds: float = 30
    ) -> None:
        self.token = token
        self.emulator = emulator
        self.stack = stack
        self.database = stack.data_dir / "app.db"
        self.env = {
            "TELEGRAM_BOT_TOKEN": token,
            "TELEGRAM_API_BASE_URL": emulator.url,
            "TELEGRAM_SENDER_KEY": "handoff-sender-key",
            "TELEGRAM_POLL_INTERVAL": "0.1",
            "RASA_URL": stack.rasa_url,
            "RASA_TOKEN": stack.token,
            "DATABASE_URL": f"sqlite:///{self.database}",
            "HANDOFF_OPENING_HOURS": "always",
            "HANDOFF_CHECK_SECONDS": "0.3",
            "HANDOFF_WAIT_MINUTES": str(wait_seconds / 60),
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
        return Gateway(self.env, self._logs / f"gateway-{next(self._runs)}.log")

    def say(self, user_id: int, **message: Any) -> None:
        self.emulator.send(self.token, user_id, **message)

    def command(self, user_id: int, text: str) -> None:
        self.emulator.command(self.token, user_id, text)

    def tap(self, user_id: int, data: str, message_id: int = 1, name: str = "王阿姨") -> None:
        self.emulator.tap_inline_button(self.token, user_id, data, message_id, name)

    def wait_for(self, user_id: int, words: str, timeout: float = 30) -> list[dict[str, Any]]:
        """The bot's new messages to `user_id`, once one of them contains `words`."""
        return self.emulator.replies_until(
            self.token, user_id, lambda got: any(words in text for text in texts(got)), timeout
        )

    def message_with(self, user_id: int, words: str, timeout: float = 30) -> dict[str, Any]:
        """The bot's newest message to `user_id` containing `words`, once it has come."""
        got = self.wait_for(user_id, words, timeout)
        return next(m for m in reversed(got) if words in (m.get("text") or m.get("caption") or ""))

    def announcement(self, worker: Worker) -> tuple[int, dict[str, Any]]:
        """The request number and the message that announced it to `worker`."""
        announced = re.compile(r"有居民需要帮助（(\d+)号求助）")
        got = self.emulator.replies_until(
            self.token, worker.user_id, lambda got: any(announced.match(t) for t in texts(got))
        )
        *_, message = [m for m in got if announced.match(m["text"])]  # older ones may be unread
        number = int(announced.match(message["text"])[1])
        buttons = message["reply_markup"]["inline_keyboard"]
        assert buttons == [[{"text": "认领", "callback_data": f"claim:{number}"}]]
        return number, message

    def claim(self, worker: Worker, number: int) -> None:
        self.tap(worker.user_id, f"claim:{number}")
        self.wait_for(worker.user_id, "您接手了")

    def stuck_on_the_water_bill(self, resident: int) -> None:
        """The resident starts the water bill's guide and is stuck on its first step, saying a
        phone number (which workers and family helpers must see masked)."""
        self.say(resident, text="怎么交水费")
        self.wait_for(resident, "缴纳水费")
        self.say(resident, text="一步一步教我办")
        self.wait_for(resident, "第1步")
        self.say(resident, text="我电话13812345678 收不到验证码")
        self.emulator.replies_until(self.token, resident, bool)

    def nothing_more_for(self, user_id: int, seconds: float = 2.0) -> None:
        time.sleep(seconds)
        assert texts(self.emulator.replies_so_far(self.token, user_id)) == []

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

    def join(self, user_id: int, name: str, role: str = "worker", on_duty: bool = True) -> None:
        """Someone sends /join with a fresh invite code and, for a worker, goes on duty."""
        self.command(user_id, f"/join {self.invite(role)} {name}")
        assert "欢迎您" in texts(self.wait_for(user_id, f"欢迎您，{name}"))[0]
        if on_duty:
            self.command(user_id, "/duty on")
            self.wait_for(user_id, "开始值班")

    def request_row(self, number: int) -> tuple:
        """status, closed_by, outcome, note of help request `number`."""
        [row] = self.query(
            "SELECT status, closed_by, outcome, note FROM help_requests WHERE id = ?", number
        )
        return row

    def query(self, sql: str, *parameters: Any) -> list[tuple]:
        with sqlite3.connect(self.database) as db:
            return db.execute(sql, parameters).fetchall()


@contextlib.contextmanager
def staff_gateway(
    stack: Stack, logs: Path, token: str, wait_seconds: float = 30
) -> Iterator[StaffGateway]:
    """An emulator of its own and the gateway on it, stopped afterwards."""
    (port,) = free_ports(1)
    emulator = Emulator(port, logs / "emulator.log")
    try:
        running = StaffGateway(emulator, stack, logs, token, wait_seconds)
        yield running
        running.gateway.stop()
    finally:
        emulator.stop()


def inline(message: dict[str, Any]) -> dict[str, str]:
    """The inline buttons under `message`: title → callback data."""
    rows = message["reply_markup"]["inline_keyboard"]
    return {row[0]["text"]: row[0]["callback_data"] for row in rows}


def pick_water_bill(teaching: StaffGateway, worker: Worker, picker: dict[str, Any]) -> None:
    """The worker picks 生活缴费, then 缴纳水费, in the service picker."""
    teaching.tap(worker.user_id, inline(picker)["生活缴费"], picker["message_id"])
    wait_until(
        lambda: (
            "缴纳水费"
            in str(teaching.emulator.current_markup(teaching.token, worker.user_id, picker))
        ),
        10,
        "the services of 生活缴费",
    )
    services = teaching.emulator.current_markup(teaching.token, worker.user_id, picker)
    water = next(row[0] for row in services["inline_keyboard"] if row[0]["text"] == "缴纳水费")
    teaching.tap(worker.user_id, water["callback_data"], picker["message_id"])


def new_session(teaching: StaffGateway, worker: Worker) -> str:
    """The worker starts a guided session: its join code."""
    teaching.command(worker.user_id, "/session")
    created = teaching.message_with(worker.user_id, "请居民用手机打开这个链接")
    code = re.search(r"start=s_([A-Z0-9]+)", created["text"])[1]
    assert f"https://t.me/TestNameBot?start=s_{code}" in created["text"]
    return code
