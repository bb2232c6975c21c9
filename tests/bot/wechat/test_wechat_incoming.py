"""What Rasa hears of each WeChat message and event."""

from __future__ import annotations

import pytest
import xmltodict

from bot.wechat.inbound import read_xml
from bot.wechat.incoming import heard
from bot.wechat.menu import load_menu, menu_body, payloads

MENU = payloads(load_menu())


def message(kind: str, msg_id: int | None = 42, **fields: str):
    data = {"ToUserName": "gh", "FromUserName": "o-a", "CreateTime": 1700000000, "MsgType": kind}
    if msg_id is not None:
        data["MsgId"] = msg_id
    return read_xml(xmltodict.unparse({"xml": {**data, **fields}}).encode())


def test_typed_text_is_heard_as_typed_and_numbered_by_its_msgid() -> None:
    what = heard(message("text", Content=" 交电费 "), MENU)
    assert (what.openid, what.text, what.update_id) == ("o-a", "交电费", 42)
    assert what.metadata() == {"message_id": "wx-42", "channel": "wechat"}


def test_a_tapped_menu_item_is_heard_as_its_payload_never_its_title() -> None:
    tapped = message("text", Content="找人帮忙", bizmsgmenuid="/ask_person")
    assert heard(tapped, MENU).text == "/ask_person"


def test_a_voice_transcript_is_the_residents_text_and_without_one_the_voice_payload() -> None:
    assert heard(message("voice", Recognition="我想交水费。"), MENU).text == "我想交水费。"
    assert heard(message("voice", Recognition=""), MENU).text == "/sent_voice"


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        ("image", "/sent_photo"),
        ("location", "/sent_location"),
        ("link", "/sent_file"),
        ("video", "/sent_file"),
        ("shortvideo", "/sent_file"),
        ("hologram", "/help"),
    ],
)
def test_other_kinds_get_the_payload_rasa_answers_kindly(kind: str, payload: str) -> None:
    assert heard(message(kind), MENU).text == payload


def test_following_from_a_community_code_greets_and_names_the_scene() -> None:
    followed = heard(message("event", None, Event="subscribe", EventKey="qrscene_c_abc234"), MENU)
    assert (followed.text, followed.scene) == ("/welcome", "c_abc234")
    assert followed.update_id < 0 and followed.message_id.startswith("wx-event-")
    plain = heard(message("event", None, Event="subscribe", EventKey=""), MENU)
    assert (plain.text, plain.scene) == ("/welcome", None)
    scanned = heard(message("event", None, Event="SCAN", EventKey="c_abc234"), MENU)
    assert (scanned.text, scanned.scene) == ("/welcome", "c_abc234")


def test_an_event_sent_again_has_the_same_id() -> None:
    first = heard(message("event", None, Event="CLICK", EventKey="WORK"), MENU)
    again = heard(message("event", None, Event="CLICK", EventKey="WORK"), MENU)
    assert first.update_id == again.update_id


def test_menu_clicks_are_heard_as_the_menus_payloads_and_unfollowing_needs_nothing() -> None:
    clicked = {
        key: heard(message("event", None, Event="CLICK", EventKey=key), MENU).text
        for key in ("WORK", "HELP", "GUIDE")
    }
    assert clicked == {"WORK": "/show_menu", "HELP": "/ask_person", "GUIDE": "/help"}
    assert heard(message("event", None, Event="unsubscribe"), MENU) is None
    assert heard(message("event", None, Event="CLICK", EventKey="OLD"), MENU) is None


def test_the_menu_has_three_click_entries() -> None:
    body = menu_body(load_menu())
    assert [(b["type"], b["key"]) for b in body["button"]] == [
        ("click", "WORK"),
        ("click", "HELP"),
        ("click", "GUIDE"),
    ]
    assert [b["name"] for b in body["button"]] == ["我要办事", "找人帮忙", "使用说明"]
