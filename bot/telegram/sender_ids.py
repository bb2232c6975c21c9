"""Rasa sender ids for Telegram residents: one per person, keyed hashes so no Telegram id is stored.

The key comes from `TELEGRAM_SENDER_KEY`; without it, it is derived from the bot token, which
means a new token starts every resident on a new conversation. Set the key in production.
"""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "tg-"


def sender_key(configured: str | None, bot_token: str) -> bytes:
    """The HMAC key: `configured` if given, else one derived from (not equal to) the bot token."""
    if configured:
        return configured.encode()
    return hashlib.sha256(b"telegram-sender-id:" + bot_token.encode()).digest()


def sender_id(telegram_user_id: int, key: bytes) -> str:
    """The resident's Rasa sender id: the same in every chat, unlinkable without `key`."""
    digest = hmac.new(key, str(telegram_user_id).encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:32]
