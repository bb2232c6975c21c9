"""Rasa replies become Telegram messages: clean splits, images, one big keyboard."""

from __future__ import annotations

from bot.rasa_client import BotMessage, Button
from bot.replies import offered_buttons
from bot.telegram.rendering import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    Outgoing,
    keyboard,
    plan,
    split_text,
)


def test_a_short_text_is_one_message() -> None:
    assert split_text("您好！请点一下。") == ["您好！请点一下。"]


def test_a_long_text_is_cut_after_sentences_within_the_limit() -> None:
    sentence = "请带上身份证和社保卡到社区窗口办理。"  # 18 characters
    text = sentence * 600
    pieces = split_text(text)
    assert len(pieces) == 3
    assert all(len(piece) <= TEXT_LIMIT for piece in pieces)
    assert all(piece.endswith("。") for piece in pieces)
    assert "".join(pieces) == text


def test_a_cut_keeps_closing_quotes_with_their_sentence() -> None:
    pieces = split_text("打开“四川人社。”" + "然后点认证。" * 3, limit=12)
    assert pieces[0] == "打开“四川人社。”"


def test_a_sentence_longer_than_the_limit_is_cut_hard_without_losing_text() -> None:
    text = "养" * 25
    assert split_text(text, limit=10) == ["养" * 10, "养" * 10, "养" * 5]


def test_emoji_count_twice_as_telegram_counts_them() -> None:
    pieces = split_text("😀" * 6, limit=10)
    assert pieces == ["😀" * 5, "😀"]


def test_line_breaks_are_places_to_cut() -> None:
    assert split_text("第一步\n第二步\n第三步", limit=8) == ["第一步\n第二步", "第三步"]


def test_an_image_is_sent_as_a_photo_with_the_text_as_caption() -> None:
    replies = [BotMessage(text="扫这个码。", image="https://example.org/qr.png")]
    assert plan(replies) == [Outgoing(text="扫这个码。", photo="https://example.org/qr.png")]


def test_an_image_with_a_text_too_long_for_a_caption_comes_before_the_text() -> None:
    text = "好" * (CAPTION_LIMIT + 1)
    outgoing = plan([BotMessage(text=text, image="https://example.org/a.png")])
    assert outgoing == [Outgoing(photo="https://example.org/a.png"), Outgoing(text=text)]


def test_replies_without_text_or_image_send_nothing() -> None:
    assert plan([BotMessage(text="  ")]) == []


def test_buttons_of_all_replies_merge_in_order_without_repeating_a_title() -> None:
    replies = [
        BotMessage(text="欢迎", buttons=[Button("社保养老", '/show_menu{"category":"a"}')]),
        BotMessage(
            text="菜单",
            buttons=[Button("看病就医", '/show_menu{"category":"b"}'), Button("社保养老", "/x")],
        ),
    ]
    assert offered_buttons(replies) == [
        Button("社保养老", '/show_menu{"category":"a"}'),
        Button("看病就医", '/show_menu{"category":"b"}'),
    ]


def test_the_keyboard_is_big_with_one_button_per_row() -> None:
    markup = keyboard([Button("社保养老", "/a"), Button("找人帮忙", "/ask_person")])
    assert [[button.text for button in row] for row in markup.keyboard] == [
        ["社保养老"],
        ["找人帮忙"],
    ]
    assert markup.resize_keyboard is True
    assert not markup.selective
