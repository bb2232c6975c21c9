"""Rasa's replies as Telegram messages: text cut at sentence ends, images, one big keyboard."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import KeyboardButton, ReplyKeyboardMarkup

from bot.rasa_client import BotMessage, Button

TEXT_LIMIT = 4096  # Telegram's limit for a message, in UTF-16 code units
CAPTION_LIMIT = 1024  # and for a photo's caption
_SENTENCE = re.compile(r".*?(?:[。！？!?；;…]+[”’」』）)]*|\n+|$)", re.DOTALL)


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


def offered_buttons(replies: list[BotMessage]) -> list[Button]:
    """The buttons of all `replies` in order, one per title (the first payload wins)."""
    by_title: dict[str, Button] = {}
    for reply in replies:
        for button in reply.buttons:
            title = button.title.strip()
            if title and title not in by_title:
                by_title[title] = Button(title, button.payload or title)
    return list(by_title.values())


def keyboard(buttons: list[Button], selective: bool = False) -> ReplyKeyboardMarkup:
    """A big reply keyboard, one button per row; `selective` shows it only to the resident
    addressed (in groups)."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(button.title)] for button in buttons],
        resize_keyboard=True,
        selective=selective,
    )


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """`text` in pieces of at most `limit`, cut after a sentence where one fits."""
    pieces: list[str] = []
    current = ""
    for sentence in _sentences(text, limit):
        if current and _length(current) + _length(sentence) > limit:
            pieces.append(current)
            current = ""
        current += sentence
    pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip()]


def _sentences(text: str, limit: int) -> list[str]:
    """Sentences of `text`, each with its end mark; one longer than `limit` is cut hard."""
    sentences: list[str] = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0)
        while _length(sentence) > limit:
            head = _prefix_within(sentence, limit)
            sentences.append(head)
            sentence = sentence[len(head) :]
        if sentence:
            sentences.append(sentence)
    return sentences


def _prefix_within(text: str, limit: int) -> str:
    """The longest start of `text` that fits `limit`, never cutting a character in two."""
    length = 0
    for index, char in enumerate(text):
        length += _length(char)
        if length > limit:
            return text[:index]
    return text


def _length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: most emoji count twice)."""
    return len(text.encode("utf-16-le")) // 2
