"""Rasa sender ids for Telegram residents: one per person, keyed hashes so no Telegram id is stored.

The key comes from `TELEGRAM_SENDER_KEY`; without it, it is derived from the bot token, which
means a new token starts every resident on a new conversation. Set the key in production.
"""

from __future__ import annotations

from bot import sender_ids

PREFIX = "tg-"


def sender_key(configured: str | None, bot_token: str) -> bytes:
    """The HMAC key: `configured` if given, else one derived from (not equal to) the bot token."""
    return sender_ids.sender_key(configured, bot_token, "telegram-sender-id")


def sender_id(telegram_user_id: int, key: bytes) -> str:
    """The resident's Rasa sender id: the same in every chat, unlinkable without `key`."""
    return sender_ids.keyed_sender_id(PREFIX, str(telegram_user_id), key)
