"""action_find_service names the service exactly, asks when unsure, admits not knowing."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.find_service import ActionFindService
from tests.actions.conftest import tracker_after


def run(tracker, domain: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = ActionFindService().run(dispatcher, tracker, domain)
    return dispatcher.messages, events


def test_a_confident_match_names_the_service_with_its_catalog_name(domain) -> None:
    tracker = tracker_after(
        "我每年都要弄那个刷脸的",
        "service_pension_certification",
        [("service_pension_certification", 0.92), ("service_pension_query", 0.05)],
    )
    messages, events = run(tracker, domain)
    assert messages[0]["response"] == "utter_service_found"
    assert messages[0]["service_name"] == "养老金资格认证"
    assert messages[0]["summary"]
    assert events == [
        {"event": "slot", "timestamp": None, "name": "service", "value": "pension-certification"}
    ]


def test_the_exact_name_is_found_even_when_the_model_is_unsure(domain) -> None:
    messages, _ = run(tracker_after("养老金资格认证怎么做", ranking=[("greet", 0.3)]), domain)
    assert messages[0]["service_name"] == "养老金资格认证"


def test_a_button_choice_selects_the_service_directly(domain) -> None:
    tracker = tracker_after(
        "/choose_service", "choose_service", entities={"service": "pension-certification"}
    )
    messages, _ = run(tracker, domain)
    assert messages[0]["service_name"] == "养老金资格认证"


def test_unsure_offers_named_choices_first_and_a_person_last(domain) -> None:
    tracker = tracker_after(
        "那个钱的事",
        "nlu_fallback",
        [("service_pension_certification", 0.35), ("service_pension_query", 0.33)],
    )
    messages, events = run(tracker, domain)
    buttons = messages[0]["buttons"]
    assert [b["title"] for b in buttons[:2]] == ["养老金资格认证", "养老金发放查询"]
    assert buttons[0]["payload"] == '/choose_service{"service":"pension-certification"}'
    assert buttons[-1]["payload"] == "/ask_person"
    assert events == []


def test_out_of_scope_is_said_plainly_with_ways_forward(domain) -> None:
    messages, events = run(
        tracker_after("今天吃啥子", "out_of_scope", [("out_of_scope", 0.9)]), domain
    )
    assert messages[0]["response"] == "utter_out_of_scope"
    assert events == []


def test_an_unclear_message_is_admitted_not_guessed(domain) -> None:
    messages, _ = run(tracker_after("嗯嗯那个", "nlu_fallback", [("greet", 0.2)]), domain)
    assert messages[0]["response"] == "utter_not_understood"


def test_a_question_an_faq_answers_gets_the_answer_naming_the_service(domain) -> None:
    tracker = tracker_after(
        "子女可以帮我认证不",
        "service_pension_certification",
        [("service_pension_certification", 0.9)],
    )
    messages, _ = run(tracker, domain)
    assert messages[0]["response"] == "utter_service_faq"
    assert messages[0]["service_name"] == "养老金资格认证"
    assert "子女" in messages[0]["answer"]


def test_mid_guide_questions_are_answered_then_the_guide_is_offered_again(domain) -> None:
    slots = {
        "guide_service": "pay-water",
        "guide_step": 3.0,
        "guide_stuck": 0.0,
        "guide_state": "on_step",
    }
    tracker = tracker_after("养老金资格认证怎么做", ranking=[("greet", 0.3)], slots=slots)
    messages, _ = run(tracker, domain)
    assert messages[0]["service_name"] == "养老金资格认证"
    assert messages[-1]["response"] == "utter_offer_resume"
    assert (messages[-1]["service_name"], messages[-1]["step"]) == ("缴纳水费", 3)


def test_a_single_plausible_service_is_confirmed_not_assumed(domain) -> None:
    tracker = tracker_after("那个钱的事", "nlu_fallback", [("service_pension_query", 0.45)])
    messages, events = run(tracker, domain)
    assert "养老金发放查询" in messages[0]["text"]
    assert messages[0]["buttons"][0]["payload"] == '/choose_service{"service":"pension-query"}'
    assert messages[0]["buttons"][-1]["payload"] == "/ask_person"
    assert events == []
