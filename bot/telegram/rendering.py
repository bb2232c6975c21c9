"""Rasa's replies as Telegram messages: text cut at sentence ends, images, one big keyboard."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import KeyboardButton, ReplyKeyboardMarkup

from bot import replies as shared_replies
from bot.rasa_client import BotMessage, Button

TEXT_LIMIT = 4096  # Telegram's limit for a message, in UTF-16 code units
CAPTION_LIMIT = 1024  # and for a photo's caption


@dataclass(frozen=True)
class Outgoing:
    """One Telegram message: `text`, or a photo from `photo` with `text` as its caption."""

    text: str = ""
    photo: str | None = None


def plan(replies: list[BotMessage]) -> list[Outgoing]:
    """The messages that show `replies` in order; a long text becomes several messages."""
    outgoing: list[Outgoing] = []
    for reply in replies:
        text = reply.text.strip()
        if reply.image and _length(text) <= CAPTION_LIMIT:
            outgoing.append(Outgoing(text=text, photo=reply.image))
            continue
        if reply.image:
            outgoing.append(Outgoing(photo=reply.image))
        outgoing.extend(Outgoing(text=piece) for piece in split_text(text))
    return outgoing


def keyboard(buttons: list[Button], selective: bool = False) -> ReplyKeyboardMarkup:
    """A big reply keyboard, one button per row; `selective` shows it only to the resident
    addressed (in groups)."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(button.title)] for button in buttons],
        resize_keyboard=True,
        selective=selective,
    )


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """`text` in Telegram messages of at most `limit`, cut after a sentence where one fits."""
    return shared_replies.split_text(text, limit, _length)


def _length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: most emoji count twice)."""
    return len(text.encode("utf-16-le")) // 2
