"""Deliver residents' messages to Rasa in order, and keep trying while Rasa is away.

Each resident has an ordered queue worked by one task, so one resident's answers never overtake
each other and a resident waiting for Rasa does not hold up anyone else. When Rasa is slow or
unreachable the resident is told once to wait; the message is retried with exponential backoff
until Rasa answers, and the answer then follows (only a message Rasa keeps answering with
nothing is given up, with an apology, so it cannot block the resident's later messages).

Every message is kept in a store until it is answered, so a gateway restart loses none: the
next start delivers what was still waiting. A resident's queue is bounded; shutting down first
drains what it can.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import httpx

from bot.rasa_client import BotMessage

log = logging.getLogger(__name__)

# Rasa answers an empty list while loading its model or when the action server failed. That
# passes, but a message that is never answered must not hold up the resident's later messages
# forever: after this many empty answers the resident gets an apology and the queue moves on.
EMPTY_ANSWERS_BEFORE_GIVING_UP = 6


@dataclass(frozen=True)
class DeliverySettings:
    """How patiently the gateway waits for Rasa, and how it retries while Rasa is away."""

    rasa_timeout: float = 60.0
    patience: float = 8.0  # seconds before a resident is told to wait a moment
    first_retry: float = 1.0
    longest_retry: float = 30.0
    max_waiting: int = 20  # messages one resident may have waiting; more are refused kindly
    drain: float = 10.0  # seconds a stopping gateway waits for queues to empty


class Assistant(Protocol):
    """What the delivery needs of Rasa (`RasaClient` in production)."""

    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]: ...


class Chat(Protocol):
    """Where the answers of one message go (a Telegram chat, a WeChat user)."""

    def typing(self) -> contextlib.AbstractAsyncContextManager[None]:
        """Show that the assistant is busy while the context is open."""
        ...

    async def tell_to_wait(self) -> None: ...

    async def apologise(self) -> None: ...

    async def answer(self, replies: list[BotMessage]) -> None: ...


@dataclass(frozen=True)
class Turn:
    """One message of a resident, on its way to Rasa; `kept_as` once it is in the store."""

    sender_id: str
    text: str
    chat: Chat
    metadata: dict[str, Any] = field(default_factory=dict)
    kept_as: int | None = None


class TurnStore(Protocol):
    """Where turns wait until they are answered (the app database in production)."""

    async def keep(self, turn: Turn) -> int: ...

    async def forget(self, turn_id: int) -> None: ...


class Forgetful:
    """A store that keeps nothing (tests and tools that need no restart safety)."""

    async def keep(self, turn: Turn) -> int:
        return 0

    async def forget(self, turn_id: int) -> None:
        return None


class NotDelivered(Exception):
    """The channel refused the answer (the resident is out of its reach for now): the turn stays
    in the store, for the next start to deliver, instead of being forgotten."""


class RasaUnavailable(Exception):
    """Rasa could not answer now (down, overloaded, still loading its model); worth a retry."""


class EmptyAnswer(RasaUnavailable):
    """Rasa answered, but with no message."""


class Delivery:
    """Per-resident ordered queues of turns, each worked until Rasa has answered."""

    def __init__(
        self, assistant: Assistant, settings: DeliverySettings, store: TurnStore | None = None
    ) -> None:
        self._assistant = assistant
        self._settings = settings
        self._store = store or Forgetful()
        self._queues: dict[str, asyncio.Queue[Turn]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._in_hand: set[int] = set()  # kept turns queued or being delivered

    async def submit(self, turn: Turn) -> bool:
        """Keep `turn` and queue it behind the resident's earlier messages; returns once it is
        kept, without waiting for Rasa.

        False when the resident already has `max_waiting` messages waiting: this one is refused.
        """
        waiting = queue.qsize() if (queue := self._queues.get(turn.sender_id)) else 0
        if waiting >= self._settings.max_waiting:
            log.warning("queue_full sender=%s waiting=%d", turn.sender_id, waiting)
            return False
        if turn.kept_as is not None and turn.kept_as in self._in_hand:
            return True  # a kept turn submitted again (a refused answer retried): once is enough
        if turn.kept_as is None:
            turn = replace(turn, kept_as=await self._store.keep(turn))
        self._in_hand.add(turn.kept_as)
        # No await from here on: the resident's worker cannot finish between these lines.
        self._queues.setdefault(turn.sender_id, asyncio.Queue()).put_nowait(turn)
        if turn.sender_id not in self._workers:
            self._workers[turn.sender_id] = asyncio.create_task(self._work(turn.sender_id))
        return True

    async def close(self) -> None:
        """Stop delivering: wait up to `drain` seconds for the queues to empty, then stop; what
        is still waiting stays in the store for the next start."""
        workers = list(self._workers.values())
        if workers:
            await asyncio.wait(workers, timeout=self._settings.drain)
        if waiting := sum(queue.qsize() for queue in self._queues.values()) + len(self._workers):
            log.warning("delivery_stopped waiting=%d kept_for_next_start", waiting)
        for worker in self._workers.values():
            worker.cancel()
        await asyncio.gather(*self._workers.values(), return_exceptions=True)

    async def _work(self, sender_id: str) -> None:
        queue = self._queues[sender_id]
        try:
            while not queue.empty():
                turn = queue.get_nowait()
                delivered = True
                try:
                    await self._deliver(turn)
                except NotDelivered as error:
                    log.error("answer_kept sender=%s reason=%s", sender_id, error)
                    delivered = False
                except Exception:  # one failing message must not stop this resident's others
                    log.exception("delivery_failed sender=%s", sender_id)
                    with contextlib.suppress(Exception):
                        await turn.chat.apologise()
                if delivered and turn.kept_as is not None:  # forgotten even if closing cancels us
                    await asyncio.shield(self._store.forget(turn.kept_as))
                self._in_hand.discard(turn.kept_as)
        finally:
            del self._workers[sender_id]
            if queue.empty():
                del self._queues[sender_id]

    async def _deliver(self, turn: Turn) -> None:
        told_to_wait = False

        async def tell_to_wait_once() -> None:
            nonlocal told_to_wait
            if not told_to_wait:
                told_to_wait = True
                await turn.chat.tell_to_wait()

        empty_answers = 0
        for attempt, pause in enumerate(
            backoff(self._settings.first_retry, self._settings.longest_retry), start=1
        ):
            try:
                async with turn.chat.typing():
                    replies = await self._ask_patiently(turn, tell_to_wait_once)
            except RasaUnavailable as error:
                if isinstance(error, EmptyAnswer):
                    empty_answers += 1
                    if empty_answers >= EMPTY_ANSWERS_BEFORE_GIVING_UP:
                        log.error("never_answered sender=%s attempts=%d", turn.sender_id, attempt)
                        await turn.chat.apologise()
                        return
                log.warning(
                    "rasa_unavailable sender=%s attempt=%d retry_in=%.1fs reason=%s",
                    turn.sender_id,
                    attempt,
                    pause,
                    error,
                )
                await tell_to_wait_once()
                await asyncio.sleep(pause)
                continue
            log.info(
                "answered sender=%s attempt=%d replies=%d", turn.sender_id, attempt, len(replies)
            )
            await turn.chat.answer(replies)
            return

    async def _ask_patiently(
        self, turn: Turn, tell_to_wait: Callable[[], Awaitable[None]]
    ) -> list[BotMessage]:
        """Rasa's answer; the resident is told to wait if it takes longer than the patience."""
        asking = asyncio.ensure_future(self._ask(turn))
        try:
            done, _ = await asyncio.wait({asking}, timeout=self._settings.patience)
            if not done:
                log.info("rasa_slow sender=%s", turn.sender_id)
                await tell_to_wait()
            return await asking
        finally:
            asking.cancel()

    async def _ask(self, turn: Turn) -> list[BotMessage]:
        try:
            replies = await self._assistant.send(turn.sender_id, turn.text, turn.metadata)
        except httpx.TransportError as error:
            raise RasaUnavailable(type(error).__name__) from error
        except httpx.HTTPStatusError as error:
            if error.response.status_code >= 500:
                raise RasaUnavailable(f"HTTP {error.response.status_code}") from error
            raise
        if not replies:  # no model loaded yet, or the action server failed: every turn gets a reply
            raise EmptyAnswer("no reply")
        return replies


def backoff(first: float, longest: float) -> Iterator[float]:
    """Pauses between retries: doubling from `first` up to `longest`, endlessly (a message is
    never given up)."""
    pause = first
    while True:
        yield pause
        pause = min(pause * 2, longest)
