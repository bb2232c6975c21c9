"""How the Telegram gateway makes its chats again from the channel-free records (`bot.pending`)."""

from __future__ import annotations

from collections.abc import Callable

from bot.delivery import Chat
from bot.pending import ChatAt

CHANNEL = "telegram"
ChatFor = Callable[[int, str, int | None], Chat]  # chat id, sender id, message to quote


def chat_at(chat_for: ChatFor) -> ChatAt:
    """Telegram chats made again from kept addresses."""
    return lambda address, sender: chat_for(address.chat_id or 0, sender, address.reply_to)
