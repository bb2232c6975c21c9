"""A web conversation's id: random, made by the gateway, the only thing the page keeps on the
device. Anything else a page sends as one is refused before it reaches the database."""

from __future__ import annotations

import re
import secrets

_FORM = re.compile(r"[A-Za-z0-9_-]{32}")
_COMMUNITY_CODE = re.compile(r"[a-z0-9]{1,16}")
SENDER_PREFIX = "web-"


def new_conversation_id() -> str:
    """32 URL-safe characters from 24 random bytes."""
    return secrets.token_urlsafe(24)


def is_conversation_id(value: object) -> bool:
    """Whether `value` has the form of an id this gateway makes."""
    return isinstance(value, str) and _FORM.fullmatch(value) is not None


def new_sender_id() -> str:
    """The resident's Rasa sender id: random too, so no log line leads back to the device."""
    return SENDER_PREFIX + secrets.token_hex(16)


def community_code(value: object) -> str | None:
    """A community link code as the page passes it on (`?c=`), or None for anything else."""
    if isinstance(value, str) and _COMMUNITY_CODE.fullmatch(value):
        return value
    return None
