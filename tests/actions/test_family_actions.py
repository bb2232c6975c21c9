"""The resident's side of family helpers: a code with its data for the gateway, the yes or no
asked with buttons that carry the helper, the list with a remove button each, removing."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.family import (
    ActionAddFamily,
    ActionAnswerFamily,
    ActionFamilyAsks,
    ActionMyFamily,
    ActionRemoveFamily,
)
from family import links
from family.links import Helper
from handoff.queue import Chat
from tests.actions.conftest import responses, shown, tracker_after

NOW = dt.datetime.now(dt.timezone.utc)
SON = Helper("tg-son", Chat("telegram", chat_id=2002))


@pytest.fixture
def sender() -> str:
    return f"resident-{uuid.uuid4().hex[:8]}"


def run(action, tracker, domain) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker, domain)
    return shown(dispatcher.messages, domain)


def asking(catalog_sessions, sender: str) -> links.Link:
    invited = links.invite(catalog_sessions, sender, NOW)
    opened = links.open_code(catalog_sessions, invited.code, SON, NOW)
    return links.name(catalog_sessions, opened.id, SON.sender_id, "儿子")


def test_a_code_for_a_family_member_and_its_link_for_the_gateway(
    domain, sender, catalog_sessions
) -> None:
    messages = run(
        ActionAddFamily(), tracker_after("添加家人", "add_family", sender_id=sender), domain
    )
    [invited] = links.asking_for(catalog_sessions, sender) or [None]
    assert invited is None  # nobody opened it yet
    assert messages[0]["custom"]["family"]["invite"] > 0
    assert responses(messages[1:], domain) == ["utter_family_invite", "utter_family_invite_how"]
    assert messages[1]["code"] in messages[1]["text"]


def test_the_resident_is_asked_with_buttons_for_this_helper_and_agrees(
    domain, sender, catalog_sessions
) -> None:
    link = asking(catalog_sessions, sender)
    entities = {"family_link": str(link.id)}
    tracker = tracker_after("", "family_asks", entities=entities, sender_id=sender)
    [question] = run(ActionFamilyAsks(), tracker, domain)
    assert "您的儿子想当您的帮手" in question["text"]
    assert [b["payload"] for b in question["buttons"]][:2] == [
        f'/confirm_family{{"family_link":"{link.id}"}}',
        f'/decline_family{{"family_link":"{link.id}"}}',
    ]
    tracker = tracker_after("同意", "confirm_family", entities=entities, sender_id=sender)
    assert responses(run(ActionAnswerFamily(), tracker, domain), domain) == ["utter_family_linked"]
    assert responses(run(ActionAnswerFamily(), tracker, domain), domain) == ["utter_family_gone"]


def test_a_question_about_another_residents_helper_is_not_asked(
    domain, sender, catalog_sessions
) -> None:
    link = asking(catalog_sessions, "someone-else")
    tracker = tracker_after(
        "", "family_asks", entities={"family_link": str(link.id)}, sender_id=sender
    )
    assert run(ActionFamilyAsks(), tracker, domain) == []


def test_the_list_has_a_remove_button_per_helper_and_removing_works(
    domain, sender, catalog_sessions
) -> None:
    tracker = tracker_after("我的家人", "my_family", sender_id=sender)
    assert responses(run(ActionMyFamily(), tracker, domain), domain) == ["utter_family_none"]
    link = asking(catalog_sessions, sender)
    links.answer(catalog_sessions, sender, link.id, True, NOW)
    [listed] = run(ActionMyFamily(), tracker, domain)
    assert listed["text"] == "您的家人帮手：儿子。"
    assert listed["buttons"][0] == {
        "title": "移除儿子",
        "payload": f'/remove_family{{"family_link":"{link.id}"}}',
    }
    remove = tracker_after(
        "", "remove_family", entities={"family_link": str(link.id)}, sender_id=sender
    )
    assert responses(run(ActionRemoveFamily(), remove, domain), domain) == ["utter_family_removed"]
    assert links.helpers_of(catalog_sessions, sender) == []
    assert responses(run(ActionRemoveFamily(), remove, domain), domain) == ["utter_family_gone"]
