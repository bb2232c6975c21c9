"""A tapped keyboard button reaches Rasa as its payload; typed text as typed."""

from __future__ import annotations

from bot.rasa_client import Button
from bot.telegram.choices import ChoiceMemory

MENU = [
    Button("社保养老", '/show_menu{"category":"social-security"}'),
    Button("找人帮忙", "/ask_person"),
]


async def test_a_tapped_title_becomes_its_payload() -> None:
    choices = ChoiceMemory()
    await choices.remember("tg-a", MENU)
    assert await choices.resolve("tg-a", "社保养老") == '/show_menu{"category":"social-security"}'
    assert await choices.resolve("tg-a", " 找人帮忙 ") == "/ask_person"


async def test_typed_text_is_sent_as_typed() -> None:
    choices = ChoiceMemory()
    await choices.remember("tg-a", MENU)
    assert await choices.resolve("tg-a", "养老金认证怎么弄") == "养老金认证怎么弄"
    assert await choices.resolve("tg-new", "社保养老") == "社保养老"


async def test_each_resident_has_their_own_keyboard() -> None:
    choices = ChoiceMemory()
    await choices.remember("tg-a", MENU)
    await choices.remember("tg-b", [Button("社保养老", "/other")])
    assert await choices.resolve("tg-a", "社保养老") == '/show_menu{"category":"social-security"}'
    assert await choices.resolve("tg-b", "社保养老") == "/other"


async def test_a_new_keyboard_replaces_the_old_one() -> None:
    choices = ChoiceMemory()
    await choices.remember("tg-a", MENU)
    await choices.remember("tg-a", [Button("问别的事", "/show_menu")])
    assert await choices.resolve("tg-a", "找人帮忙") == "找人帮忙"
    assert await choices.resolve("tg-a", "问别的事") == "/show_menu"


async def test_memory_is_bounded_and_forgets_the_longest_quiet_resident() -> None:
    choices = ChoiceMemory(residents=2)
    await choices.remember("tg-a", MENU)
    await choices.remember("tg-b", MENU)
    await choices.resolve("tg-a", "社保养老")  # tg-a was active more recently than tg-b
    await choices.remember("tg-c", MENU)
    assert await choices.resolve("tg-a", "找人帮忙") == "/ask_person"
    assert await choices.resolve("tg-b", "找人帮忙") == "找人帮忙"


class DictStore:
    def __init__(self) -> None:
        self.kept: dict[str, dict[str, str]] = {}

    async def keep(self, sender_id: str, choices: dict[str, str]) -> None:
        self.kept[sender_id] = choices

    async def offered(self, sender_id: str) -> dict[str, str] | None:
        return self.kept.get(sender_id)


async def test_what_was_offered_outlives_the_memory_through_its_store() -> None:
    store = DictStore()
    await ChoiceMemory(store=store).remember("tg-a", MENU)
    after_restart = ChoiceMemory(store=store)
    assert await after_restart.resolve("tg-a", "找人帮忙") == "/ask_person"
    assert await after_restart.resolve("tg-b", "找人帮忙") == "找人帮忙"
