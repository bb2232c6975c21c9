"""What a resident sent, as Rasa should hear it: typed text, a tapped menu item's payload, a voice
message's transcript, the payload of each other kind of message, and what events mean."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wechatpy.messages import BaseMessage

CHANNEL = "wechat"
# Kinds of message without words, as the Telegram gateway names them to Rasa (each has its reply).
MEDIA_PAYLOADS = {
    "voice": "/sent_voice",  # without a transcript
    "image": "/sent_photo",
    "video": "/sent_file",
    "shortvideo": "/sent_file",
    "file": "/sent_file",
    "link": "/sent_file",
    "location": "/sent_location",
}
OTHER_PAYLOAD = "/help"  # a kind not known: explain what the assistant can do
EMPTY_PAYLOAD = "/greet"  # a message with nothing in it
WELCOME_PAYLOAD = "/welcome"  # a new follower, or one who scanned a community's code


@dataclass(frozen=True)
class Heard:
    """One message or event for Rasa: `text` as Rasa hears it, from `openid`.

    `update_id` numbers it for the received-updates note (WeChat's MsgId; events, which have
    none, a hash of who, when and what, negative so it never meets a MsgId); `scene` is the QR
    code's scene a resident followed or scanned."""

    openid: str
    text: str
    update_id: int
    scene: str | None = None

    @property
    def message_id(self) -> str:
        """The id Rasa's exactly-once channel knows the message by."""
        return f"wx-{self.update_id}" if self.update_id > 0 else f"wx-event{self.update_id}"

    def metadata(self) -> dict[str, Any]:
        """What Rasa may know besides the text (no WeChat ids)."""
        return {"message_id": self.message_id, "channel": CHANNEL}


def heard(message: BaseMessage, menu: Mapping[str, str]) -> Heard | None:
    """What Rasa should hear of `message`; None for what needs no answer (an unfollow, a
    link opened from the menu). `menu` maps the custom menu's keys to payloads."""
    data: dict[str, Any] = message._data  # wechatpy keeps every field here, also new ones
    if message.type == "event":
        return _event(message, data, menu)
    if message.type == "text":
        # A tapped msgmenu item comes back as text with its id: the payload, never the title.
        text = str(data.get("bizmsgmenuid") or "").strip() or (message.content or "").strip()
    elif message.type == "voice" and (message.recognition or "").strip():
        text = message.recognition.strip()
    else:
        text = MEDIA_PAYLOADS.get(message.type, OTHER_PAYLOAD)
    return Heard(message.source, text or EMPTY_PAYLOAD, message.id or _event_id(data))


def _event(message: BaseMessage, data: dict[str, Any], menu: Mapping[str, str]) -> Heard | None:
    event, key = str(data.get("Event", "")).lower(), str(data.get("EventKey") or "")
    update_id = _event_id(data)
    if event == "subscribe_scan":  # wechatpy took "qrscene_" off the key already
        return Heard(message.source, WELCOME_PAYLOAD, update_id, scene=key or None)
    if event == "subscribe":
        return Heard(message.source, WELCOME_PAYLOAD, update_id)
    if event == "scan" and key:
        return Heard(message.source, WELCOME_PAYLOAD, update_id, scene=key)
    if event == "click" and key in menu:
        return Heard(message.source, menu[key], update_id)
    return None


def _event_id(data: dict[str, Any]) -> int:
    """A negative 60-bit number for a message without a MsgId (events): WeChat retries an event
    with the same sender, time and content."""
    fields = ("FromUserName", "CreateTime", "MsgType", "Event", "EventKey")
    digest = hashlib.sha256("|".join(str(data.get(name, "")) for name in fields).encode())
    return -int(digest.hexdigest()[:15], 16) - 1
