"""A tapped keyboard button reaches Rasa as its payload; typed text as typed."""

from __future__ import annotations

from bot.rasa_client import Button
from bot.telegram.choices import ChoiceMemory

MENU = [
    Button("社保养老", '/show_menu{"category":"social-security"}'),
    Button("找人帮忙", "/ask_person"),
]


def test_a_tapped_title_becomes_its_payload() -> None:
    choices = ChoiceMemory()
    choices.remember("tg-a", MENU)
    assert choices.resolve("tg-a", "社保养老") == '/show_menu{"category":"social-security"}'
    assert choices.resolve("tg-a", " 找人帮忙 ") == "/ask_person"


def test_typed_text_is_sent_as_typed() -> None:
    choices = ChoiceMemory()
    choices.remember("tg-a", MENU)
    assert choices.resolve("tg-a", "养老金认证怎么弄") == "养老金认证怎么弄"
    assert choices.resolve("tg-new", "社保养老") == "社保养老"


def test_each_resident_has_their_own_keyboard() -> None:
    choices = ChoiceMemory()
    choices.remember("tg-a", MENU)
    choices.remember("tg-b", [Button("社保养老", "/other")])
    assert choices.resolve("tg-a", "社保养老") == '/show_menu{"category":"social-security"}'
    assert choices.resolve("tg-b", "社保养老") == "/other"


def test_a_new_keyboard_replaces_the_old_one() -> None:
    choices = ChoiceMemory()
    choices.remember("tg-a", MENU)
    choices.remember("tg-a", [Button("问别的事", "/show_menu")])
    assert choices.resolve("tg-a", "找人帮忙") == "找人帮忙"
    assert choices.resolve("tg-a", "问别的事") == "/show_menu"


def test_memory_is_bounded_and_forgets_the_longest_quiet_resident() -> None:
    choices = ChoiceMemory(residents=2)
    choices.remember("tg-a", MENU)
    choices.remember("tg-b", MENU)
    choices.resolve("tg-a", "社保养老")  # tg-a was active more recently than tg-b
    choices.remember("tg-c", MENU)
    assert choices.resolve("tg-a", "找人帮忙") == "/ask_person"
    assert choices.resolve("tg-b", "找人帮忙") == "找人帮忙"


class DictStore:
    def __init__(self) -> None:
        self.kept: dict[str, dict[str, str]] = {}

    def keep(self, sender_id: str, choices: dict[str, str]) -> None:
        self.kept[sender_id] = choices

    def offered(self, sender_id: str) -> dict[str, str] | None:
        return self.kept.get(sender_id)


def test_what_was_offered_outlives_the_memory_through_its_store() -> None:
    store = DictStore()
    ChoiceMemory(store=store).remember("tg-a", MENU)
    after_restart = ChoiceMemory(store=store)
    assert after_restart.resolve("tg-a", "找人帮忙") == "/ask_person"
    assert after_restart.resolve("tg-b", "找人帮忙") == "找人帮忙"
