"""action_find_service names the service exactly, asks when unsure, admits not knowing, offers an
area's services for a broad need, and keeps what it offered for the resident's typed answer."""

from __future__ import annotations

import uuid
from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.find_service import ActionFindService
from catalog.models import ServiceRequest, UnansweredMessage
from tests.actions.conftest import responses, shown, slots_set, tracker_after


def run(tracker, domain: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = ActionFindService().run(dispatcher, tracker, domain)
    return shown(dispatcher.messages, domain), events


def test_a_confident_match_names_the_service_with_its_catalog_name(domain) -> None:
    tracker = tracker_after(
        "我每年都要弄那个刷脸的",
        "service_pension_certification",
        [("service_pension_certification", 0.92), ("service_pension_query", 0.05)],
    )
    messages, events = run(tracker, domain)
    assert responses(messages, domain) == ["utter_service_found"]
    assert messages[0]["text"].startswith("您问的是「养老金资格认证」。")
    slots = slots_set(events)
    assert slots["service"] == "pension-certification"
    assert slots["offer"]["kind"] == "service"
    assert slots["offer"]["yes"] == "/start_guide"
    assert [b["title"] for b in slots["offer"]["buttons"]] == [
        b["title"] for b in messages[0]["buttons"]
    ]


def test_the_exact_name_is_found_even_when_the_model_is_unsure(domain) -> None:
    messages, _ = run(tracker_after("养老金资格认证怎么做", ranking=[("greet", 0.3)]), domain)
    assert "「养老金资格认证」" in messages[0]["text"]


def test_a_button_choice_selects_the_service_directly(domain) -> None:
    tracker = tracker_after(
        "/choose_service", "choose_service", entities={"service": "pension-certification"}
    )
    messages, _ = run(tracker, domain)
    assert "「养老金资格认证」" in messages[0]["text"]


def test_unsure_offers_named_choices_first_then_none_and_a_person(domain) -> None:
    tracker = tracker_after(
        "那个钱的事",
        "nlu_fallback",
        [("service_pension_certification", 0.35), ("service_pension_query", 0.33)],
    )
    messages, events = run(tracker, domain)
    buttons = messages[0]["buttons"]
    assert [b["title"] for b in buttons[:2]] == ["养老金资格认证", "养老金发放查询"]
    assert buttons[0]["payload"] == '/choose_service{"service":"pension-certification"}'
    assert [b["title"] for b in buttons[-2:]] == ["都不是", "找人帮忙"]
    offer = slots_set(events)["offer"]
    assert (offer["kind"], offer["choices"], offer["no"]) == ("choices", 2, "/show_menu")


def test_a_single_plausible_service_is_confirmed_with_yes_and_no(domain) -> None:
    tracker = tracker_after("那个钱的事", "nlu_fallback", [("service_pension_query", 0.35)])
    messages, events = run(tracker, domain)
    assert responses(messages, domain) == ["utter_confirm_service"]
    assert "「养老金发放查询」" in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["是的", "不是", "找人帮忙"]
    offer = slots_set(events)["offer"]
    assert offer["yes"] == '/choose_service{"service":"pension-query"}'
    assert offer["no"] == "/show_menu"


def test_out_of_scope_is_said_plainly_with_ways_forward(domain) -> None:
    messages, _ = run(tracker_after("今天吃啥子", "out_of_scope", [("out_of_scope", 0.9)]), domain)
    assert responses(messages, domain) == ["utter_out_of_scope"]
    assert messages[0]["buttons"]


def test_an_unclear_message_is_admitted_not_guessed(domain) -> None:
    messages, _ = run(tracker_after("嗯嗯那个", "nlu_fallback", [("greet", 0.2)]), domain)
    assert responses(messages, domain) == ["utter_not_understood"]


def test_a_broad_need_gets_the_services_of_its_area(domain) -> None:
    tracker = tracker_after(
        "我儿子给我买了个新手机，我啥都不会用", "broad_need", [("broad_need", 0.8)]
    )
    messages, events = run(tracker, domain)
    assert responses(messages, domain) == ["utter_menu_category"]
    assert "手机使用" in messages[0]["text"]
    assert "手机字体调大" in [b["title"] for b in messages[0]["buttons"]]
    assert slots_set(events)["offer"]["kind"] == "choices"


def test_a_question_an_faq_answers_gets_the_answer_naming_the_service(domain) -> None:
    tracker = tracker_after(
        "子女可以帮我认证不",
        "service_pension_certification",
        [("service_pension_certification", 0.9)],
    )
    messages, _ = run(tracker, domain)
    assert responses(messages, domain) == ["utter_service_faq"]
    assert messages[0]["text"].startswith("关于「养老金资格认证」：")


def test_mid_guide_questions_are_answered_then_the_guide_is_offered_again(domain) -> None:
    slots = {
        "guide_service": "pay-water",
        "guide_step": 3.0,
        "guide_stuck": 0.0,
        "guide_state": "on_step",
    }
    tracker = tracker_after("养老金资格认证怎么做", ranking=[("greet", 0.3)], slots=slots)
    messages, events = run(tracker, domain)
    assert "「养老金资格认证」" in messages[0]["text"]
    assert responses(messages, domain)[-1] == "utter_offer_resume"
    assert "「缴纳水费」说到第3步" in messages[-1]["text"]
    assert slots_set(events)["offer"]["kind"] == "resume"


def test_a_personal_number_gets_one_kind_reminder_per_conversation(domain) -> None:
    text = "我的身份证是510104195001011234，养老金资格认证咋个弄"
    messages, events = run(tracker_after(text, ranking=[("greet", 0.3)]), domain)
    assert responses(messages, domain) == ["utter_privacy_reminder", "utter_service_found"]
    assert slots_set(events)["privacy_reminded"] is True
    again = tracker_after(text, ranking=[("greet", 0.3)], slots={"privacy_reminded": True})
    messages, _ = run(again, domain)
    assert responses(messages, domain) == ["utter_service_found"]


def test_a_broad_need_in_no_known_area_gets_the_areas_to_choose_from(domain) -> None:
    tracker = tracker_after("我啥子都搞不懂，不晓得从哪儿问起", "broad_need", [("broad_need", 0.9)])
    messages, events = run(tracker, domain)
    assert responses(messages, domain) == ["utter_menu"]
    assert slots_set(events)["offer"]["choices"] == 5


def test_what_was_found_and_what_was_not_is_recorded_for_the_reports(
    domain, catalog_sessions
) -> None:
    sender = f"reports-{uuid.uuid4().hex[:8]}"
    asked = [
        tracker_after(
            "我每年都要弄那个刷脸的",
            "service_pension_certification",
            [("service_pension_certification", 0.92)],
            sender_id=sender,
        ),
        tracker_after("养老金资格认证怎么做", ranking=[("greet", 0.3)], sender_id=sender),
        tracker_after(
            "/choose_service",
            "choose_service",
            entities={"service": "pay-water"},
            sender_id=sender,
        ),
        tracker_after(
            "我电话13812345678 天上有几颗星星", ranking=[("greet", 0.2)], sender_id=sender
        ),
    ]
    for tracker in asked:
        run(tracker, domain)
    with catalog_sessions() as session:
        found = session.execute(
            select(ServiceRequest.service_slug, ServiceRequest.found_by)
            .where(ServiceRequest.sender_id == sender)
            .order_by(ServiceRequest.id)
        ).all()
        unanswered = session.scalars(
            select(UnansweredMessage.text).where(UnansweredMessage.sender_id == sender)
        ).all()
    assert found == [
        ("pension-certification", "model"),
        ("pension-certification", "catalog"),
        ("pay-water", "choice"),
    ]
    assert unanswered == ["我电话138****5678 天上有几颗星星"]
