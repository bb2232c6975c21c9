"""action_guide walks a real catalog guide and records outcomes and stuck residents."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from actions.guide import ActionGuide
from actions.guide_flow import ASKING_OUTCOME, ON_STEP
from catalog import queries
from catalog.models import GuideOutcome, GuideStepReached, StuckEvent
from tests.actions.conftest import responses, shown, slots_set, tracker_after

SERVICE = "pension-certification"


@pytest.fixture
def steps(catalog_sessions: sessionmaker[Session]) -> list[str]:
    with catalog_sessions() as session:
        return [step.text for step in queries.service_by_slug(session, SERVICE).steps]


def guide_slots(step: int, phase: str = ON_STEP, stuck: int = 0) -> dict[str, Any]:
    return {
        "guide_service": SERVICE,
        "guide_step": float(step),
        "guide_stuck": float(stuck),
        "guide_state": phase,
    }


def run(action, tracker, domain) -> tuple[list[dict], dict[str, Any]]:
    """The messages a resident sees and the slots set (progress data: `progress_of`)."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain)
    visible = [m for m in dispatcher.messages if not m.get("custom")]
    return shown(visible, domain), slots_set(events)


def progress_of(action, tracker, domain) -> list[dict[str, Any]]:
    """The guide's progress the action attached to its reply, as a gateway receives it."""
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker, domain)
    return [m["custom"]["guide"] for m in dispatcher.messages if m.get("custom")]


def test_each_move_reports_its_progress_as_data(domain, steps) -> None:
    total = len(steps)
    start = tracker_after("/start_guide", "start_guide", slots={"service": SERVICE})
    assert progress_of(ActionGuide(), start, domain) == [
        {"service": SERVICE, "step": 1, "total": total, "event": "started", "said": ""}
    ]
    moves = [
        (tracker_after("下一步", "next_step", slots=guide_slots(1)), "step", 2, ""),
        (
            tracker_after("找不到那个按钮 我电话13812345678", "stuck", slots=guide_slots(2)),
            "stuck",
            2,
            "找不到那个按钮 我电话138****5678",
        ),
        (tracker_after("算了", "stop", slots=guide_slots(2)), "stopped", 2, ""),
        (tracker_after("下一步", "next_step", slots=guide_slots(total)), "finished", total, ""),
        (
            tracker_after("办好了", "outcome_done", slots=guide_slots(total, ASKING_OUTCOME)),
            "done",
            total,
            "",
        ),
    ]
    for tracker, event, step, said in moves:
        [progress] = progress_of(ActionGuide(), tracker, domain)
        assert (progress["event"], progress["step"], progress["said"]) == (event, step, said)


def test_start_guide_prepares_then_shows_step_one_with_progress(domain, steps) -> None:
    tracker = tracker_after("/start_guide", "start_guide", slots={"service": SERVICE})
    messages, slots = run(ActionGuide(), tracker, domain)
    assert responses(messages, domain) == [
        "utter_guide_eligibility",
        "utter_guide_prepare",
        "utter_guide_caution",
        "utter_guide_unverified",
        "utter_guide_step",
    ]
    assert "身份证" in messages[1]["materials"]
    assert messages[-1]["text"] == f"第1步（共{len(steps)}步）：{steps[0]}"
    assert [b["title"] for b in messages[-1]["buttons"]][:4] == [
        "下一步",
        "再说一遍",
        "上一步",
        "这一步不会弄",
    ]
    assert {k: slots[k] for k in ("guide_service", "guide_step", "guide_stuck", "guide_state")} == {
        "guide_service": SERVICE,
        "guide_step": 1.0,
        "guide_stuck": 0.0,
        "guide_state": ON_STEP,
    }
    assert slots["offer"]["kind"] == "step"
    assert slots["unverified_noted"] is True


def test_the_unverified_word_is_said_once_per_conversation(domain) -> None:
    tracker = tracker_after(
        "/start_guide", "start_guide", slots={"service": SERVICE, "unverified_noted": True}
    )
    messages, _ = run(ActionGuide(), tracker, domain)
    assert "utter_guide_unverified" not in responses(messages, domain)


def test_a_caution_comes_before_step_one_where_health_is_touched(domain) -> None:
    tracker = tracker_after(
        "/start_guide", "start_guide", slots={"service": "senior-health-checkup"}
    )
    messages, _ = run(ActionGuide(), tracker, domain)
    said = responses(messages, domain)
    assert said.index("utter_guide_caution") < said.index("utter_guide_step")
    assert "药" in messages[said.index("utter_guide_caution")]["caution"]


def test_next_step_shows_the_following_step(domain, steps) -> None:
    tracker = tracker_after("好了", "next_step", slots=guide_slots(1))
    messages, slots = run(ActionGuide(), tracker, domain)
    assert messages[0]["text"].endswith(steps[1])
    assert slots["guide_step"] == 2.0


def test_the_end_recaps_the_route_and_asks_whether_it_worked(domain, steps) -> None:
    tracker = tracker_after("好了", "next_step", slots=guide_slots(len(steps)))
    messages, slots = run(ActionGuide(), tracker, domain)
    assert responses(messages, domain) == [
        "utter_guide_recap",
        "utter_guide_hotline",
        "utter_ask_outcome",
    ]
    assert messages[1]["hotline"] == "12333"
    assert slots["guide_state"] == ASKING_OUTCOME
    assert (slots["offer"]["yes"], slots["offer"]["no"]) == ("/outcome_done", "/outcome_not_done")


def test_the_answer_is_stored_with_the_service_and_step(
    domain, steps, sender, catalog_sessions
) -> None:
    tracker = tracker_after(
        "/outcome_done",
        "outcome_done",
        sender_id=sender,
        slots=guide_slots(len(steps), ASKING_OUTCOME),
    )
    messages, slots = run(ActionGuide(), tracker, domain)
    # The certification recurs yearly: its happy end offers a reminder.
    assert responses(messages, domain) == ["utter_offer_reminder"]
    assert slots["offer"]["yes"] == '/remind_me{"service":"pension-certification"}'
    assert slots["guide_service"] is None
    with catalog_sessions() as session:
        stored = session.scalars(select(GuideOutcome).where(GuideOutcome.sender_id == sender)).one()
    assert (stored.service_slug, stored.step_reached, stored.outcome) == (
        SERVICE,
        len(steps),
        "done",
    )


def test_stuck_on_a_step_gets_that_steps_own_help_and_is_recorded(
    domain, sender, catalog_sessions
) -> None:
    with catalog_sessions() as session:
        help_texts = queries.service_by_slug(session, SERVICE).steps[0].help
    tracker = tracker_after(
        "我手机上没得这个软件 电话13812345678",
        "stuck",
        entities={"trouble": "app"},
        sender_id=sender,
        slots=guide_slots(1),
    )
    messages, slots = run(ActionGuide(), tracker, domain)
    assert responses(messages, domain)[-1] == "utter_step_help"
    assert messages[-1]["text"] == help_texts["app"]
    assert slots["guide_step"] == 1.0 and slots["guide_stuck"] == 1.0
    with catalog_sessions() as session:
        stuck = session.scalars(select(StuckEvent).where(StuckEvent.sender_id == sender)).one()
    assert (stuck.service_slug, stuck.step, stuck.trouble) == (SERVICE, 1, "app")
    assert "13812345678" not in stuck.text and "没得这个软件" in stuck.text


def test_a_trouble_the_step_has_no_help_for_gets_the_general_help(domain, catalog_sessions) -> None:
    with catalog_sessions() as session:
        steps = queries.service_by_slug(session, SERVICE).steps
    step = next(s.position for s in steps if "code" not in s.help)
    tracker = tracker_after("验证码是啥子", "stuck", slots=guide_slots(step))
    messages, _ = run(ActionGuide(), tracker, domain)
    assert messages[-1]["text"] == domain["responses"]["utter_stuck/code"][0]["text"]


def test_stuck_twice_on_a_step_offers_a_person(domain) -> None:
    tracker = tracker_after("还是不会", "stuck", slots=guide_slots(3, stuck=1))
    messages, slots = run(ActionGuide(), tracker, domain)
    assert responses(messages, domain) == ["utter_guide_stuck"]
    assert messages[0]["buttons"][0]["payload"] == '/ask_person{"reason":"stuck"}'
    assert slots["offer"]["yes"] == '/ask_person{"reason":"stuck"}'
    assert slots["guide_stuck"] == 0.0


def test_stopping_records_where_the_resident_left(domain, sender, catalog_sessions) -> None:
    tracker = tracker_after("算了", "stop", sender_id=sender, slots=guide_slots(2))
    messages, slots = run(ActionGuide(), tracker, domain)
    assert responses(messages, domain) == ["utter_stopped"]
    assert slots["guide_state"] is None
    with catalog_sessions() as session:
        stored = session.scalars(select(GuideOutcome).where(GuideOutcome.sender_id == sender)).one()
    assert (stored.outcome, stored.step_reached) == ("stopped", 2)


def test_guide_words_without_a_guide_are_explained(domain) -> None:
    messages, slots = run(ActionGuide(), tracker_after("下一步", "next_step"), domain)
    assert responses(messages, domain) == ["utter_no_guide"]
    assert "guide_state" not in slots


@pytest.mark.parametrize(
    ("said", "intent", "response"),
    [
        ("我不会弄", "stuck", "utter_stuck_no_guide"),
        ("一步一步教我", "start_guide", "utter_no_guide"),
    ],
)
def test_guide_words_without_a_guide_or_a_service_named_ask_what_to_do(
    domain, said: str, intent: str, response: str
) -> None:
    messages, slots = run(ActionGuide(), tracker_after(said, intent), domain)
    assert responses(messages, domain) == [response]
    assert "service" not in slots


@pytest.mark.parametrize(
    ("said", "ranking", "slug"),
    [
        # Off a guide, small text on the phone is what the font service is for.
        (
            "手机头的字小得很，看都看不清楚，咋个弄大点嘛",
            [("stuck", 0.76), ("service_phone_font_size", 0.2)],
            "phone-font-size",
        ),
        # "How do I do it" with nothing chosen yet, naming the service in everyday words.
        (
            "我想办社保卡 咋个弄",
            [("start_guide", 0.42), ("service_social_security_card", 0.2)],
            "social-security-card",
        ),
    ],
)
def test_guide_words_without_a_guide_that_name_a_service_get_that_service(
    domain, said: str, ranking: list[tuple[str, float]], slug: str
) -> None:
    intent = ranking[0][0]
    messages, slots = run(ActionGuide(), tracker_after(said, intent, ranking), domain)
    assert responses(messages, domain) == ["utter_service_found"]
    assert slots["service"] == slug


def test_a_guide_started_at_a_step_resumes_there_without_the_introduction(domain, steps) -> None:
    tracker = tracker_after(
        "EXTERNAL: start_guide",
        "start_guide",
        entities={"service": SERVICE, "step": "3"},
    )
    messages, slots = run(ActionGuide(), tracker, domain)
    assert responses(messages, domain) == ["utter_guide_step"]
    assert messages[0]["text"].startswith(f"第3步（共{len(steps)}步）")
    assert slots["guide_step"] == 3.0
    too_far = tracker_after(
        "EXTERNAL: start_guide", "start_guide", entities={"service": SERVICE, "step": "99"}
    )
    assert run(ActionGuide(), too_far, domain)[1]["guide_step"] == 1.0


def test_the_steps_reached_are_recorded_for_the_drop_off_report(
    domain, sender, catalog_sessions
) -> None:
    start = tracker_after(
        "/start_guide", "start_guide", slots={"service": SERVICE}, sender_id=sender
    )
    run(ActionGuide(), start, domain)
    run(
        ActionGuide(),
        tracker_after("下一步", "next_step", slots=guide_slots(1), sender_id=sender),
        domain,
    )
    run(
        ActionGuide(),
        tracker_after("再说一遍", "repeat", slots=guide_slots(2), sender_id=sender),
        domain,
    )
    with catalog_sessions() as session:
        reached = session.scalars(
            select(GuideStepReached.step)
            .where(GuideStepReached.sender_id == sender)
            .order_by(GuideStepReached.id)
        ).all()
    assert reached == [1, 2]
