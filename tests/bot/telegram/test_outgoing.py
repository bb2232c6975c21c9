"""Answers in a Telegram chat: keyboard under the last message, typing, groups, bad images."""

from __future__ import annotations

import asyncio

from bot.rasa_client import BotMessage, Button
from bot.telegram.choices import ChoiceMemory
from bot.telegram.outgoing import TelegramChat
from tests.bot.telegram.fakes import NOTICES, FakeBot

WELCOME = [
    BotMessage(text="您好，欢迎您！"),
    BotMessage(
        text="您想办哪一类事？",
        buttons=[
            Button("社保养老", '/show_menu{"category":"a"}'),
            Button("找人帮忙", "/ask_person"),
        ],
    ),
]


def chat(bot: FakeBot, choices: ChoiceMemory, reply_to: int | None = None) -> TelegramChat:
    return TelegramChat(bot, 42, "tg-a", choices, NOTICES, reply_to=reply_to)


async def test_the_keyboard_comes_with_the_last_message_and_is_remembered(
    fake_bot: FakeBot,
) -> None:
    choices = ChoiceMemory()
    await chat(fake_bot, choices).answer(WELCOME)
    assert fake_bot.texts() == ["您好，欢迎您！", "您想办哪一类事？"]
    assert fake_bot.sent[0].markup is None
    keyboard = fake_bot.sent[1].markup
    assert keyboard is not None
    assert [row[0].text for row in keyboard.keyboard] == ["社保养老", "找人帮忙"]
    assert await choices.resolve("tg-a", "找人帮忙") == "/ask_person"


async def test_replies_without_buttons_leave_the_keyboard_and_its_meaning(
    fake_bot: FakeBot,
) -> None:
    choices = ChoiceMemory()
    await chat(fake_bot, choices).answer(WELCOME)
    await chat(fake_bot, choices).answer([BotMessage(text="好的，祝您身体健康！")])
    assert fake_bot.sent[-1].markup is None
    assert await choices.resolve("tg-a", "社保养老") == '/show_menu{"category":"a"}'


async def test_in_a_group_answers_quote_the_resident_and_only_they_see_the_keyboard(
    fake_bot: FakeBot,
) -> None:
    await chat(fake_bot, ChoiceMemory(), reply_to=5).answer(WELCOME)
    assert all(sent.reply is not None and sent.reply.message_id == 5 for sent in fake_bot.sent)
    keyboard = fake_bot.sent[-1].markup
    assert keyboard is not None and keyboard.selective


async def test_an_image_is_sent_as_a_photo_with_its_caption(fake_bot: FakeBot) -> None:
    await chat(fake_bot, ChoiceMemory()).answer(
        [BotMessage(text="扫码缴费", image="https://example.org/qr.png")]
    )
    assert [(s.photo, s.text) for s in fake_bot.sent] == [
        ("https://example.org/qr.png", "扫码缴费")
    ]


async def test_an_image_telegram_cannot_fetch_still_leaves_the_words(fake_bot: FakeBot) -> None:
    fake_bot.bad_photos.add("https://example.org/gone.png")
    await chat(fake_bot, ChoiceMemory()).answer(
        [BotMessage(text="扫码缴费", image="https://example.org/gone.png")]
    )
    assert [(s.photo, s.text) for s in fake_bot.sent] == [(None, "扫码缴费")]


async def test_typing_is_shown_while_waiting_and_stops_after(fake_bot: FakeBot) -> None:
    async with chat(fake_bot, ChoiceMemory()).typing():
        await asyncio.sleep(0.05)
    assert fake_bot.chat_actions == [(42, "typing")]
    await asyncio.sleep(0.05)
    assert len(fake_bot.chat_actions) == 1


async def test_the_waiting_notice_comes_from_messages_yml(fake_bot: FakeBot) -> None:
    await chat(fake_bot, ChoiceMemory()).tell_to_wait()
    assert fake_bot.texts() == [NOTICES.waiting]
    assert fake_bot.sent[0].markup is None
