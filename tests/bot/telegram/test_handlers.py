"""Handlers: what each update sends to Rasa, and when the gateway keeps quiet."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from telegram import Update

from bot.delivery import Turn
from bot.rasa_client import Button
from bot.telegram.choices import ChoiceMemory
from bot.telegram.handlers import Handlers
from bot.telegram.outgoing import TelegramChat
from bot.telegram.sender_ids import sender_id
from bot.telegram.throttle import Throttle
from tests.bot.telegram.fakes import NOTICES, FakeBot, FakeContext, make_update

KEY = b"test-key"
GROUP = {"chat_id": -1001, "chat_type": "group"}


class FakeDelivery:
    def __init__(self, room: int = 100) -> None:
        self.turns: list[Turn] = []
        self.room = room

    async def submit(self, turn: Turn) -> bool:
        if len(self.turns) >= self.room:
            return False
        self.turns.append(turn)
        return True


class Gateway:
    """The handlers with fakes around them."""

    def __init__(self, throttle: Throttle | None = None) -> None:
        self.delivery = FakeDelivery()
        self.choices = ChoiceMemory()
        self.bot = FakeBot()
        self.context = FakeContext(self.bot)
        self.handlers = Handlers(
            KEY,
            self.delivery,
            throttle or Throttle(messages=100, seconds=60),
            self.choices,
            NOTICES,
            lambda chat_id, sender, reply_to: TelegramChat(
                self.bot, chat_id, sender, self.choices, NOTICES, reply_to
            ),
        )

    def sent_to_rasa(self) -> list[str]:
        return [turn.text for turn in self.delivery.turns]


def command(text: str, **fields: Any) -> Update:
    entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return make_update(text=text, entities=entities, **fields)


@pytest.fixture
def gateway() -> Gateway:
    return Gateway()


@pytest.mark.parametrize(
    ("typed", "payload"),
    [
        ("/start", "/welcome"),
        ("/start from-a-link", "/welcome"),
        ("/help", "/help"),
        ("/menu@HelperBot", "/show_menu"),
        ("/whatever", "/help"),
    ],
)
async def test_commands_become_gateway_intents(gateway: Gateway, typed: str, payload: str) -> None:
    await gateway.handlers.command(command(typed), gateway.context)
    assert gateway.sent_to_rasa() == [payload]


async def test_typed_text_goes_to_rasa_as_typed_for_the_residents_own_conversation(
    gateway: Gateway,
) -> None:
    await gateway.handlers.text(make_update(user_id=9, text="养老金认证怎么弄"), gateway.context)
    (turn,) = gateway.delivery.turns
    assert (turn.text, turn.sender_id) == ("养老金认证怎么弄", sender_id(9, KEY))
    assert turn.metadata["chat_type"] == "private"
    assert turn.metadata["language_code"] == "zh-hans"


async def test_a_tapped_button_sends_its_payload(gateway: Gateway) -> None:
    await gateway.choices.remember(
        sender_id(9, KEY), [Button("社保养老", '/show_menu{"category":"a"}')]
    )
    await gateway.handlers.text(make_update(user_id=9, text="社保养老"), gateway.context)
    assert gateway.sent_to_rasa() == ['/show_menu{"category":"a"}']


async def test_an_edited_message_is_answered_as_a_new_one(gateway: Gateway) -> None:
    await gateway.handlers.text(make_update(text="交水费", edited=True), gateway.context)
    assert gateway.sent_to_rasa() == ["交水费"]


async def test_voice_tells_rasa_a_voice_message_came(gateway: Gateway) -> None:
    voice = {"file_id": "f", "file_unique_id": "u", "duration": 4}
    await gateway.handlers.media(make_update(voice=voice), gateway.context)
    assert gateway.sent_to_rasa() == ["/sent_voice"]


async def test_in_a_group_only_messages_for_the_assistant_are_answered(gateway: Gateway) -> None:
    mention = [{"type": "mention", "offset": 0, "length": 10}]
    updates = [
        make_update(text="大家好", **GROUP),
        make_update(voice={"file_id": "f", "file_unique_id": "u", "duration": 1}, **GROUP),
        make_update(text="@HelperBot 交电费", entities=mention, **GROUP),
        make_update(text="@HelperBot", entities=mention, **GROUP),
    ]
    for update in updates:
        if update.effective_message and update.effective_message.voice:
            await gateway.handlers.media(update, gateway.context)
        else:
            await gateway.handlers.text(update, gateway.context)
    assert gateway.sent_to_rasa() == ["交电费", "/greet"]


async def test_in_a_group_a_tapped_button_counts_as_addressed(gateway: Gateway) -> None:
    await gateway.choices.remember(sender_id(9, KEY), [Button("找人帮忙", "/ask_person")])
    await gateway.handlers.text(make_update(user_id=9, text="找人帮忙", **GROUP), gateway.context)
    await gateway.handlers.text(make_update(user_id=8, text="找人帮忙", **GROUP), gateway.context)
    assert gateway.sent_to_rasa() == ["/ask_person"]


async def test_two_residents_in_one_group_have_separate_conversations(gateway: Gateway) -> None:
    await gateway.handlers.command(command("/start", user_id=1, **GROUP), gateway.context)
    await gateway.handlers.command(command("/start", user_id=2, **GROUP), gateway.context)
    first, second = gateway.delivery.turns
    assert first.sender_id != second.sender_id


async def test_a_flood_is_told_once_and_not_forwarded() -> None:
    gateway = Gateway(Throttle(messages=2, seconds=60))
    for _ in range(5):
        await gateway.handlers.text(make_update(text="在吗"), gateway.context)
    assert gateway.sent_to_rasa() == ["在吗", "在吗"]
    assert gateway.bot.texts() == [NOTICES.throttled]


async def test_an_inline_button_is_answered_and_its_data_sent() -> None:
    gateway = Gateway()
    answered: list[str] = []

    async def answer_callback_query(callback_query_id: str, **_: Any) -> None:
        answered.append(callback_query_id)

    gateway.bot.answer_callback_query = answer_callback_query
    update = Update.de_json(
        {
            "update_id": 2,
            "callback_query": {
                "id": "cb1",
                "chat_instance": "ci",
                "from": {"id": 9, "is_bot": False, "first_name": "王"},
                "message": {"message_id": 3, "date": 1, "chat": {"id": 9, "type": "private"}},
                "data": "/show_menu",
            },
        },
        gateway.bot,
    )
    await gateway.handlers.button(update, gateway.context)
    assert answered == ["cb1"]
    assert gateway.sent_to_rasa() == ["/show_menu"]


async def test_logs_name_the_hashed_resident_never_their_telegram_id_or_words(
    gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    update = make_update(user_id=5550123, text="我电话13812345678")
    gateway.context.error = ValueError("boom")
    with caplog.at_level(logging.INFO):
        await gateway.handlers.text(update, gateway.context)
        await gateway.handlers.error(update, gateway.context)
    logged = caplog.text.replace(sender_id(5550123, KEY), "<sender>")
    assert logged.count("<sender>") == 2
    assert "5550123" not in logged
    assert "13812345678" not in logged and "电话" not in logged


async def test_a_failed_update_is_apologised_for(gateway: Gateway) -> None:
    gateway.context.error = ValueError("boom")
    await gateway.handlers.error(make_update(text="你好"), gateway.context)
    assert gateway.bot.texts() == [NOTICES.sorry]


async def test_a_resident_whose_queue_is_full_is_told_kindly_to_try_later() -> None:
    gateway = Gateway()
    gateway.delivery.room = 0
    await gateway.handlers.text(make_update(text="你好"), gateway.context)
    assert gateway.bot.texts() == [NOTICES.busy]
