"""Two of everything behind HAProxy (`make test-scale`): two Rasa servers and two action
servers on one PostgreSQL and one Redis, two Telegram gateways in webhook mode on the same
database, residents talking through the Bot API emulator at the same time. No turn is lost,
doubled or reordered, also when one instance of each is killed in the middle."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from lifecycle.rasa_token import rasa_token
from tests.conftest import build_catalog
from tests.e2e.haproxy import LoadBalancer
from tools.processes import wait_until
from tools.serve import HOST, ROOT, Stack, free_ports
from tools.telegram_harness import Emulator, Gateway

POSTGRES = os.environ.get("SCALE_POSTGRES_URL")
pytestmark = [
    pytest.mark.scale,
    pytest.mark.skipif(not POSTGRES, reason="run by make test-scale (SCALE_POSTGRES_URL)"),
]
TOKEN = "4242:scale-test"
SECRET = "scale_test_secret"
RESIDENTS = 16
STEPS = 5  # 养老金资格认证 has five steps
REPLY_TIMEOUT = 150.0  # a turn caught by a killed Rasa waits for its lock to expire


class Deployment:
    """Everything the test runs, with the instance of each kind that gets killed."""

    def __init__(self, folder: Path, redis_url: str) -> None:
        with create_engine(POSTGRES).begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        build_catalog(POSTGRES)
        rasa_ports, actions_ports, gateway_ports = (free_ports(2) for _ in range(3))
        self.token = rasa_token(folder)
        self.balancer = LoadBalancer(
            folder,
            {
                "rasa": (rasa_ports, f"/status?token={self.token}"),
                "actions": (actions_ports, "/health"),
                "gateways": (gateway_ports, None),
            },
        )
        self.stacks = [
            Stack(
                rasa_port=rasa_port,
                actions_port=actions_port,
                model=ROOT / "models" / "assistant.tar.gz",
                data_dir=folder,
                log_dir=folder / f"logs-{name}",
                tracker_store_url=POSTGRES,
                redis_url=redis_url,
                env={"DATABASE_URL": POSTGRES, "HANDOFF_OPENING_HOURS": "always"},
                actions_endpoint=self.balancer.url("actions"),
                token=self.token,
            )
            for name, rasa_port, actions_port in zip("ab", rasa_ports, actions_ports, strict=True)
        ]
        for stack in self.stacks:
            stack.start()
        self.emulator = Emulator(free_ports(1)[0], folder / "emulator.log")
        self.gateways = [
            Gateway(self._gateway_env(name, port), folder / f"gateway-{name}.log")
            for name, port in zip("ab", gateway_ports, strict=True)
        ]
        for backend in ("rasa", "actions", "gateways"):
            self.balancer.wait_until_serving(backend)

    def _gateway_env(self, name: str, port: int) -> dict[str, str]:
        return {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self.emulator.url,
            "TELEGRAM_SENDER_KEY": "scale-test-sender-key",
            "TELEGRAM_WEBHOOK_URL": f"{self.balancer.url('gateways')}/telegram",
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "TELEGRAM_WEBHOOK_LISTEN": HOST,
            "TELEGRAM_WEBHOOK_PORT": str(port),
            "TELEGRAM_INSTANCE": f"gateway-{name}",
            "RASA_URL": self.balancer.url("rasa"),
            "RASA_TOKEN": self.token,
            "DATABASE_URL": POSTGRES,
        }

    def kill_one_of_each(self) -> None:
        """SIGKILL a Rasa server and an action server; SIGTERM a gateway (a process manager's
        stop: it drains what it can, and the other gateway adopts the rest)."""
        for process in self.stacks[0].processes().values():
            os.killpg(process.pid, signal.SIGKILL)
        self.gateways[0].process.send_signal(signal.SIGTERM)

    def stop(self) -> None:
        for gateway in self.gateways:
            if gateway.process.poll() is None:
                gateway.stop()
        self.emulator.stop()
        for stack in self.stacks:
            stack.stop()
        self.balancer.stop()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[Deployment]:
    running = Deployment(tmp_path_factory.mktemp("scale"), redis_url)
    yield running
    running.stop()


class Resident:
    """One resident in their own Telegram chat, waiting for each answer before going on."""

    def __init__(self, emulator_url: str, user_id: int) -> None:
        self.user_id = user_id
        self._http = httpx.Client(base_url=emulator_url, timeout=30)

    def say(self, text: str, expected: str) -> None:
        """Send `text`; return once a reply holding `expected` has come."""
        before = len(self.replies())
        self._http.post(
            "/sendMessage",
            json={
                "botToken": TOKEN,
                "date": int(time.time()),
                "from": {"id": self.user_id, "is_bot": False, "first_name": "王阿姨"},
                "chat": {"id": self.user_id, "type": "private", "first_name": "王阿姨"},
                "text": text,
            },
        ).raise_for_status()
        wait_until(
            lambda: any(expected in reply for reply in self.replies()[before:]),
            REPLY_TIMEOUT,
            f"{expected!r} for resident {self.user_id}",
        )

    def replies(self) -> list[str]:
        """Every message the bot sent this resident, in order."""
        history = self._http.post("/getUpdatesHistory", json={"token": TOKEN}).json()["result"]
        return [
            item["message"].get("text", "")
            for item in history
            if "from" not in item["message"]
            and str(item["message"].get("chat_id")) == str(self.user_id)
        ]


def guide(resident: Resident, halfway: threading.Barrier | None) -> list[str]:
    """A whole guide: ask, start, and every step; returns the replies."""
    resident.say("养老金认证咋个弄", "养老金资格认证")
    resident.say("一步一步教我办", f"第1步（共{STEPS}步）")
    for step in range(2, STEPS + 1):
        if step == 3 and halfway is not None:
            halfway.wait()
        resident.say("下一步", f"第{step}步（共{STEPS}步）")
    return resident.replies()


def steps_told(replies: list[str]) -> list[int]:
    return [step for reply in replies for step in range(1, STEPS + 1) if f"第{step}步（共" in reply]


def test_interleaved_residents_get_every_turn_once_and_in_order(deployment: Deployment) -> None:
    residents = [Resident(deployment.emulator.url, 7100 + n) for n in range(RESIDENTS)]
    with ThreadPoolExecutor(RESIDENTS) as pool:
        transcripts = list(pool.map(lambda r: guide(r, None), residents))
    for replies in transcripts:
        assert steps_told(replies) == list(range(1, STEPS + 1)), replies


def test_killing_one_instance_of_each_loses_doubles_and_reorders_nothing(
    deployment: Deployment,
) -> None:
    residents = [Resident(deployment.emulator.url, 7200 + n) for n in range(RESIDENTS)]
    halfway = threading.Barrier(RESIDENTS + 1, timeout=REPLY_TIMEOUT * 3)
    with ThreadPoolExecutor(RESIDENTS) as pool:
        running = [pool.submit(guide, resident, halfway) for resident in residents]
        halfway.wait()  # every resident is at step 2, about to ask for step 3
        deployment.kill_one_of_each()
        transcripts = [future.result() for future in running]
    for replies in transcripts:
        assert steps_told(replies) == list(range(1, STEPS + 1)), replies
    survivor = deployment.stacks[1]
    assert survivor.running() and deployment.gateways[1].process.poll() is None
