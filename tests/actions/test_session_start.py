"""A new session carries each slot that has a value, once, and nothing else."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.session_start import ActionSessionStart
from tests.actions.conftest import tracker_after


def test_a_new_session_carries_each_set_slot_once(domain: dict[str, Any]) -> None:
    offer = {"kind": "after_guide", "yes": None, "no": None}
    tracker = tracker_after(
        "/outcome_done",
        "outcome_done",
        slots={"offer": offer, "service": "pay-water", "guide_state": None, "no_such": 1},
    )
    events = ActionSessionStart().run(CollectingDispatcher(), tracker, domain)
    assert events[0]["event"] == "session_started"
    assert [(e["name"], e["value"]) for e in events[1:-1]] == [
        ("offer", offer),
        ("service", "pay-water"),
    ]
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")


def test_a_first_session_starts_empty(domain: dict[str, Any]) -> None:
    events = ActionSessionStart().run(CollectingDispatcher(), tracker_after(""), domain)
    assert [e["event"] for e in events] == ["session_started", "action"]
