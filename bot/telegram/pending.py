"""What the Telegram gateway keeps in the app database so a restart loses nothing and a retry
doubles nothing: messages on their way to Rasa until they are answered (`catalog.pending_turns`),
the buttons each resident was last offered (`catalog.offered_choices`), and the ids of the
updates received (`catalog.received_updates`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.telegram.app_database import AppDatabase
from bot.telegram.delivery import Chat, Turn
from bot.telegram.outgoing import TelegramChat
from catalog import offered_choices, pending_turns, received_updates
from catalog.models import PendingTurn
from handoff.clock import utc_now
from privacy.masking import mask_personal_data

CHANNEL = "telegram"
ALIVE_EVERY = 5.0  # seconds between an instance's signs of life
GONE_AFTER = dt.timedelta(seconds=30)  # an instance silent this long is gone
UPDATES_KEPT = dt.timedelta(days=1)  # longer than Telegram goes on retrying an update
ChatFor = Callable[[int, str, int | None], Chat]  # chat id, sender id, message to quote


class KeptTurns:
    """The delivery's store for Telegram chats, for one gateway instance among several."""

    def __init__(self, db: AppDatabase, instance: str) -> None:
        self._db, self._instance = db, instance

    async def keep(self, turn: Turn) -> int:
        if not isinstance(turn.chat, TelegramChat):
            raise TypeError("only Telegram chats are kept")
        return await self._db.run(
            pending_turns.keep,
            channel=CHANNEL,
            owner=self._instance,
            sender_id=turn.sender_id,
            chat_id=turn.chat.chat_id,
            reply_to=turn.chat.reply_to,
            text=mask_personal_data(turn.text),  # what waits on disk holds no personal numbers
            metadata=turn.metadata,
        )

    async def forget(self, turn_id: int) -> None:
        await self._db.run(pending_turns.forget, turn_id)

    async def alive(self) -> None:
        """Say this instance is running, so no other adopts its messages."""
        await self._db.run(pending_turns.seen_alive, self._instance, utc_now())

    async def waiting(self, chat_for: ChatFor) -> list[Turn]:
        """The turns this instance's earlier run left undelivered, oldest first."""
        kept = await self._db.run(pending_turns.waiting, CHANNEL, self._instance)
        return _turns(kept, chat_for)

    async def adopt(self, chat_for: ChatFor) -> list[Turn]:
        """The turns of instances not seen alive for `GONE_AFTER`, now this instance's."""
        gone_before = utc_now() - GONE_AFTER
        adopted = await self._db.run(pending_turns.adopt, CHANNEL, self._instance, gone_before)
        return _turns(adopted, chat_for)


def _turns(kept: list[PendingTurn], chat_for: ChatFor) -> list[Turn]:
    return [
        Turn(
            sender_id=turn.sender_id,
            text=turn.text,
            chat=chat_for(turn.chat_id, turn.sender_id, turn.reply_to),
            metadata=turn.message_metadata,
            kept_as=turn.id,
        )
        for turn in kept
    ]


class KeptChoices:
    """The choice memory's store: the buttons last offered to each resident, in the app
    database (`catalog.offered_choices`)."""

    def __init__(self, db: AppDatabase) -> None:
        self._db = db

    async def keep(self, sender_id: str, choices: dict[str, str]) -> None:
        await self._db.run(offered_choices.keep, sender_id, choices)

    async def offered(self, sender_id: str) -> dict[str, str] | None:
        return await self._db.run(offered_choices.offered, sender_id)


class ReceivedUpdates:
    """Which of one bot's updates were received by any instance: an update delivered again
    (a balancer's retry to another instance, Telegram's after a lost acknowledgement) is
    recognised, and its notes are kept for `UPDATES_KEPT`."""

    def __init__(self, db: AppDatabase, bot_id: str) -> None:
        self._db, self._channel = db, f"{CHANNEL}:{bot_id}"

    async def first(self, update_id: int) -> bool:
        """Note `update_id`; False if some instance received it before."""
        return await self._db.run(
            received_updates.first_delivery, self._channel, update_id, utc_now()
        )

    async def forget_old(self) -> int:
        return await self._db.run(received_updates.forget_before, utc_now() - UPDATES_KEPT)
