"""action_show_menu leads from categories to services with buttons."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.menu import ActionShowMenu
from tests.actions.conftest import shown, tracker_after


def test_main_menu_lists_categories_then_a_person(domain) -> None:
    dispatcher = CollectingDispatcher()
    ActionShowMenu().run(dispatcher, tracker_after("/show_menu", "show_menu"), domain)
    titles = [b["title"] for b in shown(dispatcher.messages, domain)[0]["buttons"]]
    assert titles[:4] == ["社保养老", "看病就医", "生活缴费", "手机使用"]
    assert titles[-1] == "找人帮忙"


def test_a_category_lists_its_services_as_choices(domain) -> None:
    dispatcher = CollectingDispatcher()
    tracker = tracker_after("/show_menu", "show_menu", entities={"category": "social-security"})
    ActionShowMenu().run(dispatcher, tracker, domain)
    message = shown(dispatcher.messages, domain)[0]
    assert "社保养老" in message["text"]
    assert '/choose_service{"service":"pension-certification"}' in [
        b["payload"] for b in message["buttons"]
    ]
    assert message["buttons"][-2]["payload"] == "/show_menu"
