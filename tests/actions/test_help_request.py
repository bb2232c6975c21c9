"""Asking for a person: a request in the workers' queue, told honestly how long it may take;
after hours, whom to call and a callback at opening time; and the news of a handoff."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from actions.guide_flow import ON_STEP, PAUSED
from actions.handoff_news import ActionHandoffEnded, ActionHandoffExpired, ActionHandoffStarted
from actions.help_request import ActionAgreeCallback, ActionRequestHelp
from catalog.models import HelpRequest
from handoff.hours import OpeningHours
from handoff.settings import HandoffSettings
from tests.actions.conftest import responses, shown, slots_set, tracker_after

SERVICE = "pension-certification"
GUIDE = {"guide_service": SERVICE, "guide_step": 3.0, "guide_stuck": 0.0, "guide_state": ON_STEP}


def hours(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    settings = HandoffSettings(opening_hours=OpeningHours.parse(text), wait_minutes=15)
    monkeypatch.setattr("actions.help_request.handoff_settings", lambda: settings)


@pytest.fixture
def open_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    hours(monkeypatch, "always")


@pytest.fixture
def closed_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    # Open one minute a week, a week from now at the latest: closed at any moment a test runs.
    soon = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) + dt.timedelta(days=3)
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[soon.weekday()]
    hours(monkeypatch, f"{day} 03:00-03:01")


def run(action, tracker, domain) -> tuple[list[dict], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain)
    return shown(dispatcher.messages, domain), slots_set(events)


def stored(sessions: sessionmaker[Session], sender: str) -> list[HelpRequest]:
    with sessions() as session:
        return list(session.scalars(select(HelpRequest).where(HelpRequest.sender_id == sender)))


def test_in_hours_the_request_waits_and_the_gateway_learns_its_number(
    domain, sender, catalog_sessions, open_hours
) -> None:
    tracker = tracker_after("找个人", "ask_person", sender_id=sender, slots=GUIDE)
    messages, slots = run(ActionRequestHelp(), tracker, domain)
    [request] = stored(catalog_sessions, sender)
    assert (request.status, request.reason, request.step) == ("pending", "asked", 3)
    assert messages[0] == {**messages[0], "custom": {"handoff": {"request": request.id}}}
    assert responses(messages[1:], domain) == ["utter_handoff_waiting", "utter_offer_resume"]
    assert "15分钟" in messages[1]["text"]
    assert slots["guide_state"] == PAUSED


def test_a_stuck_resident_accepting_a_person_is_recorded_as_stuck(
    domain, sender, catalog_sessions, open_hours
) -> None:
    tracker = tracker_after(
        "要得", "ask_person", entities={"reason": "stuck"}, sender_id=sender, slots=GUIDE
    )
    run(ActionRequestHelp(), tracker, domain)
    [request] = stored(catalog_sessions, sender)
    assert (request.service_slug, request.step, request.reason) == (SERVICE, 3, "stuck")


def test_asking_twice_keeps_one_request(domain, sender, catalog_sessions, open_hours) -> None:
    for _ in range(2):
        run(ActionRequestHelp(), tracker_after("找人", "ask_person", sender_id=sender), domain)
    assert len(stored(catalog_sessions, sender)) == 1


def test_after_hours_the_resident_hears_whom_to_call_and_may_agree_to_a_callback(
    domain, sender, catalog_sessions, closed_hours
) -> None:
    messages, slots = run(
        ActionRequestHelp(), tracker_after("找个人", "ask_person", sender_id=sender), domain
    )
    assert responses(messages, domain) == ["utter_handoff_after_hours", "utter_offer_callback"]
    assert "12345" in domain["responses"]["utter_handoff_after_hours"][0]["text"]
    assert messages[0]["hours"] == "周" + messages[0]["hours"][1:]  # the opening days, in Chinese
    assert not any(message.get("custom") for message in messages)  # nobody will come: no relay
    assert slots["offer"]["yes"] == "/agree_callback"
    [request] = stored(catalog_sessions, sender)
    assert (request.status, request.closed_by) == ("expired", "hours")

    messages, _ = run(
        ActionAgreeCallback(),
        tracker_after("/agree_callback", "agree_callback", sender_id=sender),
        domain,
    )
    [request] = stored(catalog_sessions, sender)
    assert request.status == "pending" and request.not_before is not None
    assert messages[0]["custom"] == {"handoff": {"request": request.id}}
    assert responses(messages[1:], domain) == ["utter_callback_agreed"]


def test_a_worker_taking_over_is_named(domain) -> None:
    tracker = tracker_after(
        "EXTERNAL: handoff_started", "handoff_started", entities={"worker": "李姐"}
    )
    messages, _ = run(ActionHandoffStarted(), tracker, domain)
    assert responses(messages, domain) == ["utter_handoff_started"]
    assert messages[0]["worker"] == "李姐"


def test_handing_back_offers_to_go_on_with_the_guide(domain) -> None:
    tracker = tracker_after("EXTERNAL: handoff_ended", "handoff_ended", slots=GUIDE)
    messages, _ = run(ActionHandoffEnded(), tracker, domain)
    assert responses(messages, domain) == ["utter_handoff_back", "utter_offer_resume"]
    messages, _ = run(
        ActionHandoffEnded(), tracker_after("EXTERNAL: handoff_ended", "handoff_ended"), domain
    )
    assert responses(messages, domain) == ["utter_handoff_back", "utter_anything_else"]


def test_nobody_in_time_is_said_honestly_with_a_way_on(domain) -> None:
    messages, _ = run(
        ActionHandoffExpired(),
        tracker_after("EXTERNAL: handoff_expired", "handoff_expired"),
        domain,
    )
    assert responses(messages, domain) == ["utter_handoff_expired"]
    assert "12345" in messages[0]["text"]
    assert messages[0]["buttons"][0]["payload"] == "/ask_person"
