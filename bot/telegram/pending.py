"""What the Telegram gateway keeps besides the channel-free records (`bot.pending`): the buttons
each resident was last offered (`catalog.offered_choices`), as its keyboard sends back titles."""

from __future__ import annotations

from collections.abc import Callable

from bot.app_database import AppDatabase
from bot.delivery import Chat
from bot.pending import ChatAt
from catalog import offered_choices

CHANNEL = "telegram"
ChatFor = Callable[[int, str, int | None], Chat]  # chat id, sender id, message to quote


def chat_at(chat_for: ChatFor) -> ChatAt:
    """Telegram chats made again from kept addresses."""
    return lambda address, sender: chat_for(address.chat_id or 0, sender, address.reply_to)


class KeptChoices:
    """The choice memory's store: the buttons last offered to each resident, in the app
    database (`catalog.offered_choices`)."""

    def __init__(self, db: AppDatabase) -> None:
        self._db = db

    async def keep(self, sender_id: str, choices: dict[str, str]) -> None:
        await self._db.run(offered_choices.keep, sender_id, choices)

    async def offered(self, sender_id: str) -> dict[str, str] | None:
        return await self._db.run(offered_choices.offered, sender_id)
