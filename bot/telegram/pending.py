"""What the Telegram gateway keeps in the app database so a restart loses nothing and a retry
doubles nothing: messages on their way to Rasa until they are answered (`catalog.pending_turns`),
the buttons each resident was last offered (`catalog.offered_choices`), and the ids of the
updates received (`catalog.received_updates`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

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

    def __init__(self, sessions: sessionmaker[Session], instance: str) -> None:
        self._sessions, self._instance = sessions, instance

    def keep(self, turn: Turn) -> int:
        if not isinstance(turn.chat, TelegramChat):
            raise TypeError("only Telegram chats are kept")
        return pending_turns.keep(
            self._sessions,
            channel=CHANNEL,
            owner=self._instance,
            sender_id=turn.sender_id,
            chat_id=turn.chat.chat_id,
            reply_to=turn.chat.reply_to,
            text=mask_personal_data(turn.text),  # what waits on disk holds no personal numbers
            metadata=turn.metadata,
        )

    def forget(self, turn_id: int) -> None:
        pending_turns.forget(self._sessions, turn_id)

    def alive(self) -> None:
        """Say this instance is running, so no other adopts its messages."""
        pending_turns.seen_alive(self._sessions, self._instance, utc_now())

    def waiting(self, chat_for: ChatFor) -> list[Turn]:
        """The turns this instance's earlier run left undelivered, oldest first."""
        return _turns(pending_turns.waiting(self._sessions, CHANNEL, self._instance), chat_for)

    def adopt(self, chat_for: ChatFor) -> list[Turn]:
        """The turns of instances not seen alive for `GONE_AFTER`, now this instance's."""
        gone_before = utc_now() - GONE_AFTER
        adopted = pending_turns.adopt(self._sessions, CHANNEL, self._instance, gone_before)
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

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def keep(self, sender_id: str, choices: dict[str, str]) -> None:
        offered_choices.keep(self._sessions, sender_id, choices)

    def offered(self, sender_id: str) -> dict[str, str] | None:
        return offered_choices.offered(self._sessions, sender_id)


class ReceivedUpdates:
    """Which of one bot's updates were received by any instance: an update delivered again
    (a balancer's retry to another instance, Telegram's after a lost acknowledgement) is
    recognised, and its notes are kept for `UPDATES_KEPT`."""

    def __init__(self, sessions: sessionmaker[Session], bot_id: str) -> None:
        self._sessions, self._channel = sessions, f"{CHANNEL}:{bot_id}"

    def first(self, update_id: int) -> bool:
        """Note `update_id`; False if some instance received it before."""
        return received_updates.first_delivery(self._sessions, self._channel, update_id, utc_now())

    def forget_old(self) -> int:
        return received_updates.forget_before(self._sessions, utc_now() - UPDATES_KEPT)
