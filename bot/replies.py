"""Rasa's replies, channel-free: their buttons merged into one offer, their texts cut into pieces
of the size a channel accepts, after a sentence where one fits."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.rasa_client import BotMessage, Button

Measure = Callable[[str], int]  # a text's length as the channel counts it
_SENTENCE = re.compile(r".*?(?:[。！？!?；;…]+[”’」』）)]*|\n+|$)", re.DOTALL)


def offered_buttons(replies: list[BotMessage]) -> list[Button]:
    """The buttons of all `replies` in order, one per title (the first payload wins)."""
    by_title: dict[str, Button] = {}
    for reply in replies:
        for button in reply.buttons:
            title = button.title.strip()
            if title and title not in by_title:
                by_title[title] = Button(title, button.payload or title)
    return list(by_title.values())


def split_text(text: str, limit: int, measure: Measure) -> list[str]:
    """`text` in pieces of at most `limit`, cut after a sentence where one fits."""
    pieces: list[str] = []
    current = ""
    for sentence in _sentences(text, limit, measure):
        if current and measure(current) + measure(sentence) > limit:
            pieces.append(current)
            current = ""
        current += sentence
    pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip()]


def _sentences(text: str, limit: int, measure: Measure) -> list[str]:
    """Sentences of `text`, each with its end mark; one longer than `limit` is cut hard."""
    sentences: list[str] = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0)
        while measure(sentence) > limit:
            head = _prefix_within(sentence, limit, measure)
            sentences.append(head)
            sentence = sentence[len(head) :]
        if sentence:
            sentences.append(sentence)
    return sentences


def _prefix_within(text: str, limit: int, measure: Measure) -> str:
    """The longest start of `text` that fits `limit`, never cutting a character in two."""
    length = 0
    for index, char in enumerate(text):
        length += measure(char)
        if length > limit:
            return text[:index]
    return text
