"""The terminal chat shows buttons as numbers and sends the chosen payload."""

from __future__ import annotations

from bot.rasa_client import BotMessage, Button
from bot.terminal import render, resolve_choice

REPLIES = [
    BotMessage(text="您想办哪一类事？", buttons=[Button("社保养老", '/show_menu{"category":"a"}')]),
    BotMessage(text="也可以找人", buttons=[Button("找人帮忙", "/ask_person")]),
]


def test_buttons_of_all_replies_are_numbered_in_order() -> None:
    text, buttons = render(REPLIES)
    assert "1. 社保养老" in text and "2. 找人帮忙" in text
    assert [b.title for b in buttons] == ["社保养老", "找人帮忙"]


def test_a_number_sends_that_buttons_payload() -> None:
    _, buttons = render(REPLIES)
    assert resolve_choice(" 2 ", buttons) == "/ask_person"


def test_other_text_and_out_of_range_numbers_are_sent_as_typed() -> None:
    _, buttons = render(REPLIES)
    assert resolve_choice("养老金", buttons) == "养老金"
    assert resolve_choice("7", buttons) == "7"
