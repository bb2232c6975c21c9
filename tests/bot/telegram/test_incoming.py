"""What residents send: the payload of each kind, and when a group message is for the assistant."""

from __future__ import annotations

from typing import Any

import pytest

from bot.telegram.incoming import is_addressed, media_payload, metadata, without_mention
from tests.bot.telegram.fakes import BOT_USER, make_update

GROUP = {"chat_id": -1001, "chat_type": "supergroup"}
FILE = {"file_id": "f", "file_unique_id": "u"}


def mention(text: str, offset: int = 0, length: int = len("@HelperBot")) -> dict[str, Any]:
    return {"text": text, "entities": [{"type": "mention", "offset": offset, "length": length}]}


@pytest.mark.parametrize(
    ("fields", "payload"),
    [
        ({"voice": {**FILE, "duration": 3}}, "/sent_voice"),
        ({"audio": {**FILE, "duration": 3}}, "/sent_voice"),
        ({"video_note": {**FILE, "length": 1, "duration": 3}}, "/sent_voice"),
        (
            {
                "sticker": {
                    **FILE,
                    "type": "regular",
                    "width": 1,
                    "height": 1,
                    "is_animated": False,
                    "is_video": False,
                }
            },
            "/sent_sticker",
        ),
        (
            {
                "animation": {**FILE, "width": 1, "height": 1, "duration": 1},
                "document": FILE,
            },
            "/sent_sticker",
        ),
        ({"photo": [{**FILE, "width": 1, "height": 1}]}, "/sent_photo"),
        ({"document": FILE}, "/sent_file"),
        ({"video": {**FILE, "width": 1, "height": 1, "duration": 1}}, "/sent_file"),
        ({"contact": {"phone_number": "13812345678", "first_name": "李"}}, "/sent_contact"),
        ({"location": {"latitude": 30.6, "longitude": 104.1}}, "/sent_location"),
        (
            {
                "venue": {
                    "location": {"latitude": 30.6, "longitude": 104.1},
                    "title": "社区",
                    "address": "路",
                },
                "location": {"latitude": 30.6, "longitude": 104.1},
            },
            "/sent_location",
        ),
        ({"dice": {"emoji": "🎲", "value": 3}}, "/sent_sticker"),
        ({"game": {"title": "g", "description": "d", "photo": []}}, "/help"),
    ],
)
def test_each_kind_of_message_has_its_payload(fields: dict[str, Any], payload: str) -> None:
    message = make_update(**fields).effective_message
    assert message is not None
    assert media_payload(message) == payload


def test_everything_in_a_private_chat_is_for_the_assistant() -> None:
    message = make_update(text="你好").effective_message
    assert message is not None and is_addressed(message, BOT_USER)


def test_group_chatter_is_not_for_the_assistant() -> None:
    message = make_update(text="今天天气好", **GROUP).effective_message
    assert message is not None and not is_addressed(message, BOT_USER)


def test_a_mention_of_the_assistant_addresses_it_in_any_case() -> None:
    message = make_update(**mention("@helperbot 养老金认证"), **GROUP).effective_message
    assert message is not None and is_addressed(message, BOT_USER)


def test_a_mention_of_someone_else_does_not() -> None:
    message = make_update(**mention("@OtherBot 你好", length=9), **GROUP).effective_message
    assert message is not None and not is_addressed(message, BOT_USER)


def test_a_reply_to_the_assistant_addresses_it() -> None:
    replied = {
        "message_id": 4,
        "date": 1_700_000_000,
        "chat": {"id": -1001, "type": "supergroup"},
        "from": {"id": BOT_USER.id, "is_bot": True, "first_name": "助手"},
        "text": "您想办什么事？",
    }
    message = make_update(text="交电费", reply_to_message=replied, **GROUP).effective_message
    assert message is not None and is_addressed(message, BOT_USER)


@pytest.mark.parametrize(("command", "addressed"), [("/menu", True), ("/menu@HelperBot", True)])
def test_a_command_for_the_assistant_addresses_it(command: str, addressed: bool) -> None:
    entities = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    message = make_update(text=command, entities=entities, **GROUP).effective_message
    assert message is not None and is_addressed(message, BOT_USER) is addressed


def test_a_command_for_another_bot_does_not() -> None:
    entities = [{"type": "bot_command", "offset": 0, "length": 14}]
    message = make_update(text="/menu@OtherBot", entities=entities, **GROUP).effective_message
    assert message is not None and not is_addressed(message, BOT_USER)


def test_a_photo_whose_caption_mentions_the_assistant_addresses_it() -> None:
    update = make_update(
        photo=[{**FILE, "width": 1, "height": 1}],
        caption="@HelperBot 看看",
        caption_entities=[{"type": "mention", "offset": 0, "length": 10}],
        **GROUP,
    )
    assert update.effective_message is not None
    assert is_addressed(update.effective_message, BOT_USER)


def test_the_mention_is_taken_out_before_rasa_hears_the_text() -> None:
    assert without_mention("@HelperBot 养老金认证怎么弄", BOT_USER) == "养老金认证怎么弄"
    assert without_mention("请问@helperbot交电费", BOT_USER) == "请问 交电费"
    assert without_mention("@HelperBot", BOT_USER) == ""


def test_metadata_tells_chat_type_and_language_but_no_telegram_ids() -> None:
    update = make_update(user_id=5550123, text="你好", **GROUP)
    sent = metadata(update)
    assert sent == {
        "message_id": "telegram-1",
        "channel": "telegram",
        "chat_type": "supergroup",
        "language_code": "zh-hans",
        "forwarded": False,
    }
    assert "5550123" not in str(sent) and "1001" not in str(sent)


def test_metadata_marks_forwarded_messages() -> None:
    origin = {"type": "hidden_user", "date": 1_700_000_000, "sender_user_name": "儿子"}
    assert metadata(make_update(text="转发的", forward_origin=origin))["forwarded"] is True
