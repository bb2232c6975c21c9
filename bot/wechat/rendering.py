"""Rasa's replies as WeChat customer-service messages, as few as read well: texts joined with a
blank line up to WeChat's size, and the buttons as one `msgmenu` under the last text (or as
numbered lines when WeChat cannot carry them). Images are left out for now: their words go."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.rasa_client import BotMessage, Button
from bot.replies import offered_buttons, split_text

TEXT_LIMIT = 2048  # bytes of UTF-8 in one text message
MENU_ITEMS = 10  # items in one msgmenu
MENU_ID_LIMIT = 64  # bytes of an item's id, which comes back as `bizmsgmenuid`
JOINER = "\n\n"


@dataclass(frozen=True)
class Outgoing:
    """One customer-service message: `text`, or a msgmenu of `buttons` under `text`."""

    text: str
    buttons: list[Button] = field(default_factory=list)

    def body(self, openid: str) -> dict[str, Any]:
        """The JSON of `/cgi-bin/message/custom/send` for `openid`."""
        if not self.buttons:
            return {"touser": openid, "msgtype": "text", "text": {"content": self.text}}
        items = [{"id": button.payload, "content": button.title} for button in self.buttons]
        return {
            "touser": openid,
            "msgtype": "msgmenu",
            "msgmenu": {"head_content": self.text, "list": items, "tail_content": ""},
        }


def plan(replies: list[BotMessage]) -> list[Outgoing]:
    """The messages that show `replies` in order."""
    texts = [reply.text.strip() for reply in replies if reply.text.strip()]
    buttons = offered_buttons(replies)
    as_menu = bool(buttons) and fits_a_menu(buttons)
    if buttons and not as_menu:
        texts.append("\n".join(f"{n}. {b.title}" for n, b in enumerate(buttons, start=1)))
    pieces = merged(texts)
    if not as_menu:
        return [Outgoing(piece) for piece in pieces]
    head = pieces.pop() if pieces else ""
    return [Outgoing(piece) for piece in pieces] + [Outgoing(head, buttons)]


def fits_a_menu(buttons: list[Button]) -> bool:
    """Whether WeChat can carry `buttons` as one msgmenu, each payload as an item's id."""
    return len(buttons) <= MENU_ITEMS and all(
        0 < _bytes(button.payload) <= MENU_ID_LIMIT for button in buttons
    )


def merged(texts: list[str], limit: int = TEXT_LIMIT) -> list[str]:
    """`texts` joined with a blank line into as few pieces of at most `limit` bytes as fit."""
    pieces: list[str] = []
    for text in texts:
        for part in split_text(text, limit, _bytes):
            if pieces and _bytes(pieces[-1] + JOINER + part) <= limit:
                pieces[-1] += JOINER + part
            else:
                pieces.append(part)
    return pieces


def _bytes(text: str) -> int:
    return len(text.encode("utf-8"))
