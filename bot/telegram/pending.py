"""What the Telegram gateway keeps in the app database so a restart loses nothing: messages on
their way to Rasa until they are answered (`catalog.pending_turns`), and the buttons each
resident was last offered (`catalog.offered_choices`)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from bot.telegram.delivery import Chat, Turn
from bot.telegram.outgoing import TelegramChat
from catalog import offered_choices, pending_turns
from privacy.masking import mask_personal_data

CHANNEL = "telegram"
ChatFor = Callable[[int, str, int | None], Chat]  # chat id, sender id, message to quote


class KeptTurns:
    """The delivery's store for Telegram chats."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def keep(self, turn: Turn) -> int:
        if not isinstance(turn.chat, TelegramChat):
            raise TypeError("only Telegram chats are kept")
        return pending_turns.keep(
            self._sessions,
            channel=CHANNEL,
            sender_id=turn.sender_id,
            chat_id=turn.chat.chat_id,
            reply_to=turn.chat.reply_to,
            text=mask_personal_data(turn.text),  # what waits on disk holds no personal numbers
            metadata=turn.metadata,
        )

    def forget(self, turn_id: int) -> None:
        pending_turns.forget(self._sessions, turn_id)

    def waiting(self, chat_for: ChatFor) -> list[Turn]:
        """The turns an earlier run left undelivered, oldest first, ready to submit again."""
        return [
            Turn(
                sender_id=kept.sender_id,
                text=kept.text,
                chat=chat_for(kept.chat_id, kept.sender_id, kept.reply_to),
                metadata=kept.message_metadata,
                kept_as=kept.id,
            )
            for kept in pending_turns.waiting(self._sessions, CHANNEL)
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
