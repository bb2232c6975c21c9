"""Rasa's replies as few WeChat customer-service messages: merged texts, one msgmenu, numbered
lines when a msgmenu cannot carry the buttons."""

from __future__ import annotations

from bot.rasa_client import BotMessage, Button
from bot.wechat.rendering import TEXT_LIMIT, Outgoing, merged, plan

HELP = Button("找人帮忙", "/ask_person")


def test_texts_are_joined_with_a_blank_line_into_one_message() -> None:
    replies = [BotMessage(text="好的。"), BotMessage(text="第1步（共3步）：打开微信。")]
    assert plan(replies) == [Outgoing("好的。\n\n第1步（共3步）：打开微信。")]


def test_buttons_become_one_msgmenu_headed_by_the_last_merged_text() -> None:
    replies = [
        BotMessage(text="您好！", image="https://example.org/a.png"),
        BotMessage(text="您想办哪件事？", buttons=[Button("交电费", "/pay"), HELP]),
        BotMessage(text="", buttons=[Button("找人帮忙", "/other")]),
    ]
    messages = plan(replies)
    assert messages == [Outgoing("您好！\n\n您想办哪件事？", [Button("交电费", "/pay"), HELP])]
    body = messages[-1].body("o-a")
    assert body["msgtype"] == "msgmenu"
    assert body["msgmenu"]["list"] == [
        {"id": "/pay", "content": "交电费"},
        {"id": "/ask_person", "content": "找人帮忙"},
    ]
    assert Outgoing("您好！").body("o-a") == {
        "touser": "o-a",
        "msgtype": "text",
        "text": {"content": "您好！"},
    }


def test_a_payload_too_long_for_an_id_turns_the_buttons_into_numbered_lines() -> None:
    long = Button("养老金资格认证", '/choose_service{"service": "' + "x" * 60 + '"}')
    messages = plan([BotMessage(text="是这个吗？", buttons=[long, HELP])])
    assert messages == [Outgoing("是这个吗？\n\n1. 养老金资格认证\n2. 找人帮忙")]


def test_more_than_ten_buttons_are_numbered_lines() -> None:
    buttons = [Button(f"事{n}", f"/s{n}") for n in range(11)]
    (message,) = plan([BotMessage(text="选一个：", buttons=buttons)])
    assert not message.buttons and message.text.endswith("11. 事10")


def test_a_long_text_is_cut_within_wechats_byte_limit() -> None:
    text = "请您打开四川人社，点认证。" * 200
    pieces = merged([text, "好了吗？"])
    assert len(pieces) > 1
    assert all(len(piece.encode()) <= TEXT_LIMIT for piece in pieces)
    assert "".join(pieces).replace("\n\n", "") == text + "好了吗？"
