"""Two Rasa servers and two action servers share one conversation store (PostgreSQL) and lock
each conversation in Redis: messages for the same resident sent to both at once are all
processed, once each and one at a time, and losing one instance loses no conversation."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import build_catalog
from tests.e2e.rest import say, texts
from tools.serve import HOST, ROOT, Stack, free_ports
from tools.telegram_harness import TcpProxy

POSTGRES = os.environ.get("TEST_POSTGRES_URL")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not POSTGRES, reason="needs TEST_POSTGRES_URL (bash .ci/postgres)"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs Debian's redis-server"),
]


@pytest.fixture(scope="module")
def b_actions_link() -> Iterator[TcpProxy]:
    """How instance b's Rasa reaches b's action server: a link the tests can cut."""
    link_port, actions_port = free_ports(2)
    link = TcpProxy(link_port, actions_port)
    yield link
    link.stop()


@pytest.fixture(scope="module")
def instances(
    tmp_path_factory: pytest.TempPathFactory, redis_url: str, b_actions_link: TcpProxy
) -> Iterator[tuple[Stack, Stack]]:
    with create_engine(POSTGRES).begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS events"))
    data_dir = tmp_path_factory.mktemp("shared")
    build_catalog(f"sqlite:///{data_dir / 'app.db'}")
    stacks = []
    for name in ("a", "b"):
        rasa_port, actions_port = free_ports(2)
        link = b_actions_link if name == "b" else None
        stacks.append(
            Stack(
                rasa_port=rasa_port,
                actions_port=link.target_port if link else actions_port,
                actions_endpoint=link.url if link else None,
                model=ROOT / "models" / "assistant.tar.gz",
                data_dir=data_dir,
                log_dir=data_dir / f"logs-{name}",
                tracker_store_url=POSTGRES,
                redis_url=redis_url,
            )
        )
    for stack in stacks:
        stack.start()
    yield stacks[0], stacks[1]
    for stack in stacks:
        stack.stop()


def said(stack: Stack, sender: str) -> list[str]:
    tracker = httpx.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker", params=stack.auth, timeout=30
    ).json()
    return [e["metadata"].get("message_id") for e in tracker["events"] if e["event"] == "user"]


def test_one_residents_messages_sent_to_both_at_once_are_each_processed_once(
    instances: tuple[Stack, Stack],
) -> None:
    """Six residents at once, each sending 下一步 to both instances at the same moment: the two
    are processed one after the other, so each resident ends on step 3."""
    a, b = instances

    def two_next_steps_at_once(sender: str) -> str:
        say(a, sender, "水费咋个交嘛", "1")
        say(b, sender, "/start_guide", "2")
        with ThreadPoolExecutor(max_workers=2) as pool:
            both = [(a, sender, "/next_step", "3"), (b, sender, "/next_step", "4")]
            list(pool.map(lambda job: say(*job), both))
        return texts(say(a, sender, "/repeat", "5"))

    senders = [f"shared-{uuid.uuid4().hex[:8]}" for _ in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        repeated = list(pool.map(two_next_steps_at_once, senders))
    for sender, reply in zip(senders, repeated, strict=True):
        assert "第3步" in reply, f"a step was lost or doubled: {reply}"
        assert sorted(set(said(b, sender))) == ["1", "2", "3", "4", "5"]
        assert len(said(b, sender)) == 5


def test_many_residents_across_both_instances_lose_double_and_reorder_nothing(
    instances: tuple[Stack, Stack],
) -> None:
    a, b = instances
    residents = [f"many-{uuid.uuid4().hex[:8]}" for _ in range(8)]
    script = ["水费咋个交嘛", "/start_guide", "/next_step", "/next_step", "/previous_step"]

    def converse(sender: str) -> None:
        for number, message in enumerate(script):
            say((a, b)[number % 2], sender, message, f"{sender}-{number}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(converse, residents))
    for sender in residents:
        assert said(a, sender) == [f"{sender}-{n}" for n in range(len(script))]


def test_a_message_whose_action_failed_is_processed_again_when_sent_again(
    instances: tuple[Stack, Stack], b_actions_link: TcpProxy
) -> None:
    """Rasa keeps a message whose action failed, and answers nothing: the gateway's retry of
    it must then be processed, or the resident would never get the step."""
    _, b = instances
    sender = f"failed-{uuid.uuid4().hex[:8]}"
    say(b, sender, "水费咋个交嘛", "1")
    say(b, sender, "/start_guide", "2")
    b_actions_link.interrupt()  # the action server cannot be reached
    try:
        assert say(b, sender, "/next_step", "3") == []
    finally:
        b_actions_link.resume()
    assert "第2步" in texts(say(b, sender, "/next_step", "3"))  # the retry
    assert "第2步" in texts(say(b, sender, "/next_step", "3"))  # answered now: not again
    assert "第3步" in texts(say(b, sender, "/next_step", "4"))


def test_when_one_instance_stops_the_other_carries_on_with_the_conversation(
    instances: tuple[Stack, Stack], tmp_path: Path
) -> None:
    a, b = instances
    sender = f"failover-{uuid.uuid4().hex[:8]}"
    say(a, sender, "水费咋个交嘛", "1")
    say(a, sender, "/start_guide", "2")
    say(a, sender, "/next_step", "3")
    a.stop()
    assert "第3步" in texts(say(b, sender, "/next_step", "4"))


# Two lock stores (two Rasa instances) and 40 messages of one conversation, each reading a
# counter, pausing, and writing it back: only a lock that excludes across instances keeps all 40.
CONTENDED = """
import asyncio, sys
from rasa.utils.endpoints import EndpointConfig
from redis.asyncio import Redis
from rasa_addons.atomic_redis_lock_store import AtomicRedisLockStore

async def main(host, port):
    config = EndpointConfig(url=host, port=port, db=2)
    stores = [AtomicRedisLockStore(config), AtomicRedisLockStore(config)]
    counter = Redis(host=host, port=int(port), db=2)
    await counter.set("turns", 0)

    async def turn(store):
        async with store.lock("one-resident"):
            value = int(await counter.get("turns"))
            await asyncio.sleep(0.005)
            await counter.set("turns", value + 1)

    await asyncio.gather(*(turn(stores[n % 2]) for n in range(40)))
    print(int(await counter.get("turns")))

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def test_the_lock_store_lets_one_instance_at_a_time_into_a_conversation(redis_url: str) -> None:
    port = redis_url.rsplit(":", 1)[1].split("/")[0]
    result = subprocess.run(
        [str(ROOT / ".venv" / "rasa" / "bin" / "python"), "-c", CONTENDED, HOST, port],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "40"
