"""action_read_reply replaces a typed answer's understanding with the button it means, the way
Rasa's two-stage fallback rewrites an affirmed message, and always uses the offer up."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.offers import Button, Offer
from actions.read_reply import ActionReadReply
from tests.actions.conftest import tracker_after

OFFER = Offer(
    "choices",
    (
        Button("医保余额查询", '/choose_service{"service":"medical-insurance-query"}'),
        Button("城乡居民医保缴费", '/choose_service{"service":"medical-insurance-payment"}'),
        Button("都不是", "/show_menu"),
    ),
    choices=2,
    no="/show_menu",
)


def run(text: str, intent: str = "nlu_fallback", offer: Offer | None = OFFER) -> list[dict]:
    slots = {"offer": offer.to_slot() if offer else None}
    dispatcher = CollectingDispatcher()
    events = ActionReadReply().run(dispatcher, tracker_after(text, intent, slots=slots), {})
    assert dispatcher.messages == []  # it says nothing itself: the rules answer
    return events


def test_a_typed_ordinal_becomes_the_chosen_buttons_intent_and_entities() -> None:
    rewind, listen, user, cleared = run("第二个")
    assert (rewind["event"], listen["event"], listen["name"]) == (
        "rewind",
        "action",
        "action_listen",
    )
    assert user["text"] == "第二个"
    assert user["parse_data"]["intent"] == {"name": "choose_service", "confidence": 1.0}
    assert [(e["entity"], e["value"]) for e in user["parse_data"]["entities"]] == [
        ("service", "medical-insurance-payment")
    ]
    assert (cleared["name"], cleared["value"]) == ("offer", None)


def test_a_message_that_fits_no_button_keeps_its_own_understanding() -> None:
    _, _, user, cleared = run("电费咋个交", "service_pay_electricity")
    assert user["parse_data"]["intent"]["name"] == "service_pay_electricity"
    assert cleared["value"] is None


def test_without_an_offer_nothing_is_rewritten() -> None:
    _, _, user, _ = run("第二个", "nlu_fallback", offer=None)
    assert user["parse_data"]["intent"]["name"] == "nlu_fallback"
