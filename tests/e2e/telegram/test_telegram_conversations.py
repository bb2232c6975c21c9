"""The Telegram gateway end to end: a Bot API emulator on one side, the real Rasa server and
action server on the other, the gateway in between as `make bot` runs it: what residents say
and get."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message

from tests.e2e.telegram.gateway_setup import (
    NOTICES,
    TOKEN,
    conversation,
    has_keyboard,
    new_user_id,
    said_by_resident,
)
from tools.serve import Stack
from tools.telegram_harness import (
    BOT_USERNAME,
    Emulator,
    Gateway,
    TcpProxy,
    keyboard_titles,
    replied_to,
    texts,
)

pytestmark = pytest.mark.e2e


def test_start_is_answered_with_a_welcome_and_the_category_menu(
    gateway: Gateway, emulator: Emulator, resident: int
) -> None:
    emulator.command(TOKEN, resident, "/start")
    replies = emulator.replies_until(TOKEN, resident, has_keyboard)
    assert len(replies) == 2, texts(replies)
    assert "您好" in texts(replies)[0]
    menu = keyboard_titles(replies[-1])
    assert menu[:4] == ["社保养老", "看病就医", "生活缴费", "手机使用"]
    assert menu[-1] == "找人帮忙"
    assert replies[-1]["reply_markup"]["resize_keyboard"] is True


def test_tapping_menu_buttons_leads_through_a_category_to_a_catalog_service(
    gateway: Gateway, emulator: Emulator, resident: int
) -> None:
    emulator.command(TOKEN, resident, "/menu")
    emulator.replies_until(TOKEN, resident, has_keyboard)
    emulator.send(TOKEN, resident, text="社保养老")  # a reply keyboard sends the title
    category = emulator.replies_until(TOKEN, resident, has_keyboard)
    assert "社保养老" in texts(category)[-1]
    assert "养老金资格认证" in keyboard_titles(category[-1])
    emulator.send(TOKEN, resident, text="养老金资格认证")
    service = emulator.replies_until(TOKEN, resident, has_keyboard)
    assert "「养老金资格认证」" in texts(service)[0]


def test_a_service_question_is_answered_with_the_exact_catalog_name_and_a_keyboard(
    gateway: Gateway, emulator: Emulator, resident: int
) -> None:
    emulator.send(TOKEN, resident, text="养老金资格认证怎么做")
    replies = emulator.replies_until(TOKEN, resident, has_keyboard)
    assert "「养老金资格认证」" in texts(replies)[0]
    assert "找人帮忙" in keyboard_titles(replies[-1])


def test_telegrams_flood_control_is_waited_out_and_the_answer_still_arrives(
    gateway: Gateway, emulator: Emulator, resident: int
) -> None:
    emulator.flood(count=1, retry_after=1)
    started = time.monotonic()
    emulator.send(TOKEN, resident, text="养老金资格认证怎么做")
    replies = emulator.replies_until(TOKEN, resident, has_keyboard)
    assert time.monotonic() - started >= 1, "the retry came before Telegram's retry_after"
    assert "「养老金资格认证」" in texts(replies)[0]
    assert len(replies) == 1, "the refused message is sent once more, not twice"


def test_next_step_advances_the_guide(gateway: Gateway, emulator: Emulator, resident: int) -> None:
    emulator.send(TOKEN, resident, text="养老金资格认证怎么做")
    offer = emulator.replies_until(TOKEN, resident, has_keyboard)
    assert "一步一步教我办" in keyboard_titles(offer[-1])
    emulator.send(TOKEN, resident, text="一步一步教我办")
    first = emulator.replies_until(TOKEN, resident, has_keyboard)
    assert re.search(r"第1步（共\d+步）", texts(first)[-1]), texts(first)
    assert "下一步" in keyboard_titles(first[-1])
    emulator.send(TOKEN, resident, text="下一步")
    second = emulator.replies_until(TOKEN, resident, has_keyboard)
    assert re.search(r"第2步（共\d+步）", texts(second)[-1]), texts(second)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 4}}, "打字"),
        (
            {
                "sticker": {
                    "file_id": "s",
                    "file_unique_id": "s",
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                }
            },
            "表情",
        ),
        ({"photo": [{"file_id": "p", "file_unique_id": "p", "width": 9, "height": 9}]}, "照片"),
        ({"location": {"latitude": 30.66, "longitude": 104.06}}, "位置"),
    ],
    ids=["voice", "sticker", "photo", "location"],
)
def test_non_text_messages_get_a_kind_reply_with_buttons(
    gateway: Gateway, emulator: Emulator, resident: int, message: dict[str, Any], expected: str
) -> None:
    emulator.send(TOKEN, resident, **message)
    replies = emulator.replies_until(TOKEN, resident, has_keyboard)
    assert expected in texts(replies)[0]
    assert "看看能办哪些事" in keyboard_titles(replies[-1])


def test_an_inline_button_tap_is_answered(
    gateway: Gateway, emulator: Emulator, resident: int
) -> None:
    emulator.tap_inline_button(TOKEN, resident, "/show_menu")
    replies = emulator.replies_until(TOKEN, resident, has_keyboard)
    assert "社保养老" in keyboard_titles(replies[-1])


def test_two_residents_in_one_group_keep_separate_conversations(
    gateway: Gateway, emulator: Emulator, stack: Stack
) -> None:
    group = {"id": -100_000_000_000 - new_user_id(), "type": "supergroup", "title": "幸福社区"}
    first, second = new_user_id(), new_user_id()
    emulator.send(TOKEN, first, chat=group, text="今天社区有活动吗")  # not for the assistant
    mention = f"@{BOT_USERNAME}"
    entities = [{"type": "mention", "offset": 0, "length": len(mention)}]
    asked = f"{mention} 养老金资格认证怎么做"
    emulator.send(TOKEN, first, chat=group, text=asked, entities=entities)
    emulator.send(TOKEN, second, chat=group, text=f"{mention} 怎么交电费", entities=entities)

    replies = emulator.replies_until(
        TOKEN, group["id"], lambda got: sum("「" in text for text in texts(got)) >= 2
    )
    assert len(replies) == 2, texts(replies)
    answer_to_first = next(r for r in replies if "养老金资格认证" in texts([r])[0])
    assert replied_to(answer_to_first) == emulator.message_id(TOKEN, asked)
    assert answer_to_first["reply_markup"]["selective"] is True
    assert said_by_resident(conversation(stack, first)) == ["养老金资格认证怎么做"]
    assert said_by_resident(conversation(stack, second)) == ["怎么交电费"]


def test_conversations_are_stored_without_telegram_ids(
    gateway: Gateway, emulator: Emulator, stack: Stack, resident: int
) -> None:
    emulator.command(TOKEN, resident, "/help")
    emulator.replies_until(TOKEN, resident, has_keyboard)
    tracker = conversation(stack, resident)
    assert said_by_resident(tracker) == ["/help"]
    assert str(resident) not in str(tracker)


def test_while_rasa_is_down_the_resident_is_asked_to_wait_and_answered_once_it_is_back(
    gateway: Gateway, emulator: Emulator, rasa_proxy: TcpProxy, resident: int
) -> None:
    rasa_proxy.interrupt()
    try:
        emulator.send(TOKEN, resident, text="怎么交水费")
        waiting = emulator.replies_until(TOKEN, resident, lambda got: bool(got), timeout=15)
        assert texts(waiting) == [NOTICES.waiting]
        time.sleep(1.5)  # the gateway retries meanwhile, and says nothing more
        assert emulator.replies_so_far(TOKEN, resident) == []
    finally:
        rasa_proxy.resume()
    answer = emulator.replies_until(TOKEN, resident, has_keyboard)
    assert len(answer) == 1, texts(answer)
    assert "「缴纳水费」" in texts(answer)[0]


async def test_the_emulator_answers_as_python_telegram_bot_expects(emulator: Emulator) -> None:
    """The four points where the emulator as shipped breaks python-telegram-bot 22."""
    async with Bot(TOKEN, base_url=f"{emulator.url}/bot") as bot:
        assert bot.bot.is_bot and bot.bot.username == BOT_USERNAME  # getMe has is_bot
        sent = await bot.send_message(42, "您好")
        assert abs(sent.date.timestamp() - time.time()) < 60  # date in seconds
        edited = await bot.edit_message_text("您好！", chat_id=42, message_id=sent.message_id)
        assert isinstance(edited, Message) and edited.text == "您好！"
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("社保养老", callback_data="/a")]])
        edited = await bot.edit_message_reply_markup(42, sent.message_id, reply_markup=markup)
        assert isinstance(edited, Message) and edited.reply_markup == markup
    emulator.tap_inline_button(TOKEN + "-x", 42, "/a")
    async with Bot(TOKEN + "-x", base_url=f"{emulator.url}/bot") as bot:
        (update,) = await bot.get_updates()
        assert update.callback_query is not None and update.callback_query.chat_instance


def test_an_answer_lost_on_the_way_back_is_retried_but_processed_once(
    gateway: Gateway, emulator: Emulator, rasa_proxy: TcpProxy, stack: Stack, resident: int
) -> None:
    emulator.send(TOKEN, resident, text="水费咋个交嘛")
    emulator.replies_until(TOKEN, resident, has_keyboard)
    emulator.send(TOKEN, resident, text="一步一步教我办")
    emulator.replies_until(TOKEN, resident, has_keyboard)
    rasa_proxy.drop_next_answer()
    emulator.send(TOKEN, resident, text="下一步")
    answer = emulator.replies_until(TOKEN, resident, has_keyboard)
    assert rasa_proxy.answer_dropped, "the first answer never reached the gateway"
    assert re.search(r"第2步（共\d+步）", texts(answer)[-1]), texts(answer)
    assert said_by_resident(conversation(stack, resident)).count("/next_step") == 1
    emulator.send(TOKEN, resident, text="下一步")
    assert re.search(r"第3步", texts(emulator.replies_until(TOKEN, resident, has_keyboard))[-1])
