"""action_guide walks a real catalog guide and records outcomes and stuck residents."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from actions.guide import ActionGuide
from actions.guide_flow import ASKING_OUTCOME, ON_STEP, PAUSED
from actions.help_request import ActionRequestHelp
from catalog import queries
from catalog.models import GuideOutcome, HelpRequest
from tests.actions.conftest import tracker_after

SERVICE = "pension-certification"


@pytest.fixture
def sender() -> str:
    return f"resident-{uuid.uuid4().hex[:8]}"


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
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain)
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_start_guide_shows_step_one_with_progress(domain, steps) -> None:
    tracker = tracker_after("/start_guide", "start_guide", slots={"service": SERVICE})
    messages, slots = run(ActionGuide(), tracker, domain)
    assert messages[0]["response"] == "utter_guide_step"
    assert (messages[0]["step"], messages[0]["total"], messages[0]["instruction"]) == (
        1,
        len(steps),
        steps[0],
    )
    assert slots == {
        "guide_service": SERVICE,
        "guide_step": 1.0,
        "guide_stuck": 0.0,
        "guide_state": ON_STEP,
    }


def test_next_step_shows_the_following_step(domain, steps) -> None:
    tracker = tracker_after("好了", "next_step", slots=guide_slots(1))
    messages, slots = run(ActionGuide(), tracker, domain)
    assert messages[0]["instruction"] == steps[1]
    assert slots["guide_step"] == 2.0


def test_the_end_recaps_and_asks_whether_it_worked(domain, steps) -> None:
    tracker = tracker_after("好了", "next_step", slots=guide_slots(len(steps)))
    messages, slots = run(ActionGuide(), tracker, domain)
    assert [m["response"] for m in messages] == [
        "utter_guide_recap_materials",
        "utter_guide_recap_place",
        "utter_guide_recap_hotline",
        "utter_ask_outcome",
    ]
    assert "身份证" in messages[0]["materials"]
    assert messages[2]["hotline"] == "12333"
    assert slots["guide_state"] == ASKING_OUTCOME


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
    assert messages[0]["response"] == "utter_outcome_done"
    assert slots["guide_service"] is None
    with catalog_sessions() as session:
        stored = session.scalars(select(GuideOutcome).where(GuideOutcome.sender_id == sender)).one()
    assert (stored.service_slug, stored.step_reached, stored.outcome) == (
        SERVICE,
        len(steps),
        "done",
    )


def test_stuck_twice_on_a_step_records_a_help_request(domain, sender, catalog_sessions) -> None:
    tracker = tracker_after("没听懂", "repeat", sender_id=sender, slots=guide_slots(3, stuck=1))
    messages, _ = run(ActionGuide(), tracker, domain)
    assert messages[0]["response"] == "utter_guide_stuck"
    with catalog_sessions() as session:
        request = session.scalars(select(HelpRequest).where(HelpRequest.sender_id == sender)).one()
    assert (request.service_slug, request.step, request.reason) == (SERVICE, 3, "stuck")


def test_stopping_records_where_the_resident_left(domain, sender, catalog_sessions) -> None:
    tracker = tracker_after("算了", "stop", sender_id=sender, slots=guide_slots(2))
    messages, slots = run(ActionGuide(), tracker, domain)
    assert messages[0]["response"] == "utter_stopped"
    assert slots["guide_state"] is None
    with catalog_sessions() as session:
        stored = session.scalars(select(GuideOutcome).where(GuideOutcome.sender_id == sender)).one()
    assert (stored.outcome, stored.step_reached) == ("stopped", 2)


def test_guide_words_without_a_guide_are_explained(domain) -> None:
    messages, slots = run(ActionGuide(), tracker_after("下一步", "next_step"), domain)
    assert messages[0]["response"] == "utter_no_guide"
    assert slots == {}


def test_asking_for_a_person_mid_guide_records_it_and_offers_to_continue(
    domain, sender, catalog_sessions
) -> None:
    tracker = tracker_after("找个人", "ask_person", sender_id=sender, slots=guide_slots(3))
    messages, slots = run(ActionRequestHelp(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_help_recorded", "utter_offer_resume"]
    assert messages[1]["step"] == 3
    assert slots["guide_state"] == PAUSED
    with catalog_sessions() as session:
        request = session.scalars(select(HelpRequest).where(HelpRequest.sender_id == sender)).one()
    assert (request.reason, request.step) == ("asked", 3)
