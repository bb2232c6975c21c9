"""Rasa sender ids for a channel's residents: keyed hashes of the channel's own user ids, one
per person, so no channel id is stored and none can be recovered without the key."""

from __future__ import annotations

import hashlib
import hmac


def sender_key(configured: str | None, secret: str, purpose: str) -> bytes:
    """The HMAC key: `configured` if given, else one derived from (not equal to) the channel's
    `secret`, which means a new secret starts every resident on a new conversation."""
    if configured:
        return configured.encode()
    return hashlib.sha256(f"{purpose}:".encode() + secret.encode()).digest()


def keyed_sender_id(prefix: str, user_id: str, key: bytes) -> str:
    """`prefix` and the first 32 hex digits of HMAC-SHA256(`key`, `user_id`)."""
    return prefix + hmac.new(key, user_id.encode(), hashlib.sha256).hexdigest()[:32]
