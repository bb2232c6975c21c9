"""What a gateway keeps in the app database so a restart loses nothing and a retry doubles
nothing: messages on their way to Rasa until they are answered (`catalog.pending_turns`), and
the ids of the updates a channel delivered (`catalog.received_updates`). Channel-free: a chat
says where it is (`Address`), and the gateway makes chats again from addresses (`ChatAt`)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

from bot.app_database import AppDatabase
from bot.delivery import Chat, Delivery, Turn
from catalog import pending_turns, received_updates
from catalog.models import PendingTurn
from handoff.clock import utc_now
from privacy.masking import mask_personal_data

log = logging.getLogger(__name__)

ALIVE_EVERY = 5.0  # seconds between an instance's signs of life
GONE_AFTER = dt.timedelta(seconds=30)  # an instance silent this long is gone
UPDATES_KEPT = dt.timedelta(days=1)  # longer than a channel goes on retrying an update
PRUNE_EVERY = 720  # signs of life between two prunings of the received updates' notes (1 h)


@dataclass(frozen=True)
class Address:
    """Where a turn's answers go: a chat (quoting `reply_to`), or a person (`recipient`) on a
    channel that addresses people."""

    chat_id: int | None = None
    reply_to: int | None = None
    recipient: str | None = None


class AddressedChat(Chat, Protocol):
    """A chat that says where it is, so its turns can be kept."""

    @property
    def address(self) -> Address: ...


ChatAt = Callable[[Address, str], Chat]  # address, sender id → where the answers go


class KeptTurns:
    """The delivery's store for one channel, for one gateway instance among several."""

    def __init__(self, db: AppDatabase, channel: str, instance: str) -> None:
        self._db, self._channel, self._instance = db, channel, instance

    async def keep(self, turn: Turn) -> int:
        address = getattr(turn.chat, "address", None)
        if not isinstance(address, Address):
            raise TypeError("only chats with an address are kept")
        return await self._db.run(
            pending_turns.keep,
            channel=self._channel,
            owner=self._instance,
            sender_id=turn.sender_id,
            chat_id=address.chat_id,
            reply_to=address.reply_to,
            recipient=address.recipient,
            text=mask_personal_data(turn.text),  # what waits on disk holds no personal numbers
            metadata=turn.metadata,
        )

    async def forget(self, turn_id: int) -> None:
        await self._db.run(pending_turns.forget, turn_id)

    async def alive(self) -> None:
        """Say this instance is running, so no other adopts its messages."""
        await self._db.run(pending_turns.seen_alive, self._instance, utc_now())

    async def waiting(self, chat_at: ChatAt, sender_id: str | None = None) -> list[Turn]:
        """This instance's undelivered turns (of one resident, if `sender_id`), oldest first:
        left by its earlier run, or answers the channel refused."""
        kept = await self._db.run(pending_turns.waiting, self._channel, self._instance, sender_id)
        return _turns(kept, chat_at)

    async def adopt(self, chat_at: ChatAt) -> list[Turn]:
        """The turns of instances not seen alive for `GONE_AFTER`, now this instance's."""
        gone_before = utc_now() - GONE_AFTER
        adopted = await self._db.run(
            pending_turns.adopt, self._channel, self._instance, gone_before
        )
        return _turns(adopted, chat_at)


def _turns(kept: list[PendingTurn], chat_at: ChatAt) -> list[Turn]:
    return [
        Turn(
            sender_id=turn.sender_id,
            text=turn.text,
            chat=chat_at(Address(turn.chat_id, turn.reply_to, turn.recipient), turn.sender_id),
            metadata=turn.message_metadata,
            kept_as=turn.id,
        )
        for turn in kept
    ]


class ReceivedUpdates:
    """Which updates of one channel (`channel`: its name and account) were received by any
    instance: an update delivered again (a balancer's retry to another instance, the channel's
    after a lost or late acknowledgement) is recognised; notes are kept for `UPDATES_KEPT`."""

    def __init__(self, db: AppDatabase, channel: str) -> None:
        self._db, self._channel = db, channel

    async def first(self, update_id: int) -> bool:
        """Note `update_id`; False if some instance received it before."""
        return await self._db.run(
            received_updates.first_delivery, self._channel, update_id, utc_now()
        )

    async def forget_old(self) -> int:
        return await self._db.run(received_updates.forget_before, utc_now() - UPDATES_KEPT)


async def resume_waiting(kept: KeptTurns, delivery: Delivery, chat_at: ChatAt) -> None:
    """Deliver what this instance's earlier run received but could not answer."""
    await kept.alive()
    turns = await kept.waiting(chat_at)
    for turn in turns:
        await delivery.submit(turn)
    if turns:
        log.info("delivery_resumed waiting=%d", len(turns))


async def watch_instances(
    kept: KeptTurns, received: ReceivedUpdates, delivery: Delivery, chat_at: ChatAt
) -> None:
    """Say this instance is alive every few seconds, and deliver what a gone one left; now and
    then, forget the updates received long ago."""
    for beat in itertools.count():
        try:
            if beat % PRUNE_EVERY == 0:
                await received.forget_old()
            await kept.alive()
            adopted = await kept.adopt(chat_at)
            for turn in adopted:
                await delivery.submit(turn)
            if adopted:
                log.info("delivery_adopted waiting=%d", len(adopted))
        except Exception:  # a failed look must not stop the next one
            log.exception("instance_watch_failed")
        await asyncio.sleep(ALIVE_EVERY)


@contextlib.asynccontextmanager
async def delivering(
    kept: KeptTurns,
    received: ReceivedUpdates,
    delivery: Delivery,
    chat_at: ChatAt,
    *watchers: Coroutine[Any, Any, None],
) -> AsyncIterator[None]:
    """A webhook gateway's life beside its requests: what an earlier run left is delivered
    first; the other instances and `watchers` are watched until it closes, then the delivery
    drains."""
    await resume_waiting(kept, delivery, chat_at)
    watching = watch_instances(kept, received, delivery, chat_at)
    tasks = [asyncio.create_task(work) for work in (watching, *watchers)]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await delivery.close()
