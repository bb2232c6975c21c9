"""Delivery to Rasa: in order per resident, retried while Rasa is away, never lost or doubled."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

import httpx

from bot.delivery import (
    EMPTY_ANSWERS_BEFORE_GIVING_UP,
    Delivery,
    DeliverySettings,
    NotDelivered,
    Turn,
    backoff,
)
from bot.rasa_client import BotMessage

FAST = DeliverySettings(rasa_timeout=1, patience=0.2, first_retry=0.01, longest_retry=0.04)
REFUSED = httpx.ConnectError("connection refused")


def status_error(code: int) -> httpx.HTTPStatusError:
    request = httpx.Request("POST", "http://rasa/webhooks/rest/webhook")
    return httpx.HTTPStatusError("", request=request, response=httpx.Response(code))


class FakeRasa:
    """Answers "答:<text>", after the scripted outcomes for that text: an exception to raise, a
    number of seconds to be slow, or a list of replies."""

    def __init__(self, script: dict[str, list[Any]] | None = None) -> None:
        self.script = script or {}
        self.asked: list[tuple[str, str, dict[str, Any] | None]] = []

    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        self.asked.append((sender_id, text, metadata))
        outcomes = self.script.get(text, [])
        outcome = outcomes.pop(0) if outcomes else None
        if isinstance(outcome, Exception):
            raise outcome
        if isinstance(outcome, list):
            return outcome
        if isinstance(outcome, float):
            await asyncio.sleep(outcome)
        return [BotMessage(text=f"答:{text}")]


class FakeChat:
    """Records what the resident saw, in one log shared by all chats of a test."""

    def __init__(
        self, name: str, log: list[str], fail_answers: int = 0, refuse: bool = False
    ) -> None:
        self.name = name
        self.log = log
        self.fail_answers = fail_answers
        self.refuse = refuse
        self.typing_shown = 0

    @contextlib.asynccontextmanager
    async def typing(self) -> AsyncIterator[None]:
        self.typing_shown += 1
        yield

    async def tell_to_wait(self) -> None:
        self.log.append(f"{self.name}:稍等")

    async def apologise(self) -> None:
        self.log.append(f"{self.name}:抱歉")

    async def answer(self, replies: list[BotMessage]) -> None:
        if self.fail_answers:
            self.fail_answers -= 1
            raise RuntimeError("Telegram refused")
        if self.refuse:
            raise NotDelivered("out of reach")
        self.log.extend(f"{self.name}:{reply.text}" for reply in replies)


async def until(condition: Callable[[], bool], timeout: float = 3.0) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.005)

    await asyncio.wait_for(poll(), timeout)


def turn(chat: FakeChat, text: str, sender: str | None = None) -> Turn:
    return Turn(sender_id=sender or f"tg-{chat.name}", text=text, chat=chat, metadata={"k": 1})


async def test_while_rasa_is_down_the_resident_is_told_once_and_answered_once_back() -> None:
    rasa = FakeRasa({"交电费": [REFUSED, REFUSED, status_error(503)]})
    log: list[str] = []
    chat = FakeChat("a", log)
    await Delivery(rasa, FAST).submit(turn(chat, "交电费"))
    await until(lambda: "a:答:交电费" in log)
    assert log == ["a:稍等", "a:答:交电费"]
    assert rasa.asked == [("tg-a", "交电费", {"k": 1})] * 4
    assert chat.typing_shown == 4  # "typing…" while each attempt waits for Rasa


async def test_an_empty_answer_means_rasa_is_not_ready_and_is_retried() -> None:
    rasa = FakeRasa({"你好": [[], []]})
    log: list[str] = []
    await Delivery(rasa, FAST).submit(turn(FakeChat("a", log), "你好"))
    await until(lambda: "a:答:你好" in log)
    assert log == ["a:稍等", "a:答:你好"]


async def test_a_message_rasa_never_answers_is_apologised_for_and_the_queue_moves_on() -> None:
    rasa = FakeRasa({"怪话": [[]] * EMPTY_ANSWERS_BEFORE_GIVING_UP})
    log: list[str] = []
    chat = FakeChat("a", log)
    delivery = Delivery(rasa, FAST)
    await delivery.submit(turn(chat, "怪话"))
    await delivery.submit(turn(chat, "你好"))
    await until(lambda: "a:答:你好" in log)
    assert log == ["a:稍等", "a:抱歉", "a:答:你好"]


async def test_a_slow_rasa_has_the_resident_told_to_wait_then_answered() -> None:
    rasa = FakeRasa({"你好": [0.5]})
    log: list[str] = []
    await Delivery(rasa, FAST).submit(turn(FakeChat("a", log), "你好"))
    await until(lambda: bool(log))
    assert log == ["a:稍等"]
    await until(lambda: "a:答:你好" in log)
    assert log == ["a:稍等", "a:答:你好"]
    assert len(rasa.asked) == 1


async def test_down_and_then_slow_is_still_told_only_once() -> None:
    rasa = FakeRasa({"你好": [httpx.ReadTimeout("timed out"), 0.3]})
    log: list[str] = []
    await Delivery(rasa, FAST).submit(turn(FakeChat("a", log), "你好"))
    await until(lambda: "a:答:你好" in log)
    assert log == ["a:稍等", "a:答:你好"]


async def test_a_residents_messages_are_answered_in_order_while_others_go_ahead() -> None:
    rasa = FakeRasa({"第一句": [REFUSED, REFUSED, REFUSED]})
    log: list[str] = []
    delivery = Delivery(rasa, FAST)
    a, b = FakeChat("a", log), FakeChat("b", log)
    await delivery.submit(turn(a, "第一句"))
    await delivery.submit(turn(a, "第二句"))
    await delivery.submit(turn(b, "别人的话"))
    await until(lambda: "a:答:第二句" in log)
    assert log.index("b:答:别人的话") < log.index("a:答:第一句")
    assert log.index("a:答:第一句") < log.index("a:答:第二句")
    assert log.count("a:稍等") == 1


async def test_a_message_rasa_rejects_is_apologised_for_and_the_next_one_goes_on() -> None:
    rasa = FakeRasa({"坏的": [status_error(400)]})
    log: list[str] = []
    delivery = Delivery(rasa, FAST)
    chat = FakeChat("a", log)
    await delivery.submit(turn(chat, "坏的"))
    await delivery.submit(turn(chat, "好的"))
    await until(lambda: "a:答:好的" in log)
    assert log == ["a:抱歉", "a:答:好的"]
    assert [text for _, text, _ in rasa.asked] == ["坏的", "好的"]


async def test_an_answer_telegram_refuses_does_not_stop_the_next_one() -> None:
    log: list[str] = []
    delivery = Delivery(FakeRasa(), FAST)
    chat = FakeChat("a", log, fail_answers=1)
    await delivery.submit(turn(chat, "一"))
    await delivery.submit(turn(chat, "二"))
    await until(lambda: "a:答:二" in log)
    assert log == ["a:抱歉", "a:答:二"]


async def test_closing_stops_retrying() -> None:
    rasa = FakeRasa({"你好": [REFUSED] * 1000})
    log: list[str] = []
    delivery = Delivery(rasa, FAST)
    await delivery.submit(turn(FakeChat("a", log), "你好"))
    await until(lambda: len(rasa.asked) >= 2)
    await delivery.close()
    asked = len(rasa.asked)
    await asyncio.sleep(0.1)
    assert len(rasa.asked) == asked
    assert "a:答:你好" not in log


def test_retries_back_off_exponentially_up_to_a_ceiling() -> None:
    assert list(itertools.islice(backoff(1.0, 30.0), 7)) == [1, 2, 4, 8, 16, 30, 30]


class MemoryStore:
    """A turn store that remembers what was kept and not yet forgotten."""

    def __init__(self) -> None:
        self.kept: dict[int, str] = {}
        self._ids = itertools.count(1)

    async def keep(self, turn: Turn) -> int:
        turn_id = next(self._ids)
        self.kept[turn_id] = turn.text
        return turn_id

    async def forget(self, turn_id: int) -> None:
        del self.kept[turn_id]


async def test_every_turn_is_kept_until_it_is_answered() -> None:
    store, log = MemoryStore(), []
    rasa = FakeRasa({"交电费": [REFUSED, REFUSED]})
    delivery = Delivery(rasa, FAST, store)
    await delivery.submit(turn(FakeChat("a", log), "交电费"))
    assert store.kept == {1: "交电费"}
    await until(lambda: "a:答:交电费" in log)
    await until(lambda: store.kept == {})


async def test_a_resident_with_a_full_queue_is_refused_and_others_are_not() -> None:
    settings = replace(FAST, max_waiting=2)
    rasa = FakeRasa({"一": [0.3]})
    delivery = Delivery(rasa, settings)
    log: list[str] = []
    a, b = FakeChat("a", log), FakeChat("b", log)
    accepted = [await delivery.submit(turn(a, text)) for text in ("一", "二", "三")]
    assert accepted == [True, True, False]
    assert await delivery.submit(turn(b, "你好"))
    await until(lambda: "a:答:二" in log and "b:答:你好" in log)
    assert "a:答:三" not in log


async def test_stopping_drains_what_it_can_and_keeps_the_rest_for_the_next_start() -> None:
    store, log = MemoryStore(), []
    rasa = FakeRasa({"慢": [0.05], "没人接": [REFUSED] * 1000})
    delivery = Delivery(rasa, replace(FAST, drain=0.5), store)
    await delivery.submit(turn(FakeChat("a", log), "慢"))
    await delivery.submit(turn(FakeChat("b", log), "没人接"))
    await delivery.close()
    assert "a:答:慢" in log
    assert list(store.kept.values()) == ["没人接"]


async def test_a_turn_resumed_from_the_store_is_not_kept_twice() -> None:
    store, log = MemoryStore(), []
    store.kept[7] = "交水费"
    delivery = Delivery(FakeRasa(), FAST, store)
    await delivery.submit(replace(turn(FakeChat("a", log), "交水费"), kept_as=7))
    await until(lambda: store.kept == {})
    assert log == ["a:答:交水费"]


async def test_an_answer_the_channel_refuses_stays_kept_without_an_apology() -> None:
    store, log = MemoryStore(), []
    delivery = Delivery(FakeRasa(), FAST, store)
    await delivery.submit(turn(FakeChat("a", log, refuse=True), "交气费"))
    await delivery.submit(turn(FakeChat("a", log), "交水费"))
    await until(lambda: log == ["a:答:交水费"])
    await until(lambda: list(store.kept.values()) == ["交气费"])


async def test_a_kept_turn_submitted_again_while_in_hand_is_delivered_once() -> None:
    rasa = FakeRasa({"交电费": [0.1]})
    log: list[str] = []
    store = MemoryStore()
    delivery = Delivery(rasa, FAST, store)
    await delivery.submit(turn(FakeChat("a", log), "交电费"))
    (kept_id,) = store.kept
    again = replace(turn(FakeChat("a", log), "交电费"), kept_as=kept_id)
    assert await delivery.submit(again)  # e.g. a refused answer retried while still queued
    await until(lambda: not store.kept)
    await asyncio.sleep(0.2)
    assert log == ["a:答:交电费"]


async def test_a_refused_answer_is_kept_and_goes_when_submitted_again() -> None:
    log: list[str] = []
    store = MemoryStore()
    rasa = FakeRasa()
    delivery = Delivery(rasa, FAST, store)
    refusing = FakeChat("a", log, refuse=True)
    await delivery.submit(turn(refusing, "交电费"))
    await until(lambda: bool(rasa.asked))
    await asyncio.sleep(0.05)
    assert log == []
    (kept_id,) = store.kept  # refused: still kept
    await delivery.submit(replace(turn(FakeChat("a", log), "交电费"), kept_as=kept_id))
    await until(lambda: not store.kept)
    assert log == ["a:答:交电费"]
