"""What passes between a resident and a worker during a handoff, whatever the channels: the kind
of each message, when a resident's words mean they want to stop, and which request a reply of the
assistant opened."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

# Intents that, in a short message during a handoff, may mean "I want to stop talking with the
# worker" (结束, 算了, 不用了, 拜拜); the resident is asked before it ends.
ENDING_INTENTS = ("stop", "goodbye", "deny")
ENDING_LENGTH = 6  # longer messages are for the worker
STOP_PAYLOAD = "/stop"  # the 结束 button under the "a worker is with you" message
# Payloads of messages without words, as gateways name them to Rasa, by kind of message.
MEDIA_KINDS = {"/sent_photo": "photo", "/sent_voice": "voice", "/sent_sticker": "sticker"}
END, KEEP = "end", "keep"  # the resident's answers to "end the talk?", as `end:N` / `keep:N`


def kind_of(payload: str) -> str:
    """The kind of a message without words, by the payload a gateway names it with."""
    return MEDIA_KINDS.get(payload, "other")


def kind_heard(text: str, wordless: Collection[str]) -> str:
    """The kind of a message as a gateway heard it: "text", or the kind of a payload in
    `wordless` (the channel's payloads for messages without words)."""
    return kind_of(text) if text in wordless else "text"


def wants_to_end(intent: str | None, text: str) -> bool:
    """Whether the resident's short message may mean they want to stop (to be confirmed)."""
    return intent in ENDING_INTENTS and len(text) <= ENDING_LENGTH


def answer_to_ending(text: str, request_id: int) -> str | None:
    """`END` or `KEEP` when `text` is the resident's answer to "end the talk?" for this request."""
    action, _, number = text.partition(":")
    return action if action in (END, KEEP) and number == str(request_id) else None


def opened_request(data: dict[str, Any]) -> int | None:
    """The request a reply's data (`json_message` of action_request_help) says was opened."""
    request_id = (data.get("handoff") or {}).get("request")
    return request_id if isinstance(request_id, int) else None
