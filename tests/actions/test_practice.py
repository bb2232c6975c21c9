"""After a session or class: every step of the service, to practise at home, and a way to
practise with the assistant."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.practice import ActionPracticeRecap
from catalog import queries
from tests.actions.conftest import responses, shown, tracker_after


def test_the_recap_lists_every_step_and_offers_to_learn_again(domain, catalog_sessions) -> None:
    with catalog_sessions() as session:
        steps = [step.text for step in queries.service_by_slug(session, "pay-water").steps]
    tracker = tracker_after(
        "EXTERNAL: practice_recap",
        "practice_recap",
        entities={"service": "pay-water", "worker": "李姐"},
    )
    dispatcher = CollectingDispatcher()
    ActionPracticeRecap().run(dispatcher, tracker, domain)
    messages = shown(dispatcher.messages, domain)
    assert responses(messages, domain) == [
        "utter_practice_intro",
        *["utter_practice_step"] * len(steps),
        "utter_practice_end",
    ]
    assert (messages[0]["worker"], messages[0]["service_name"]) == ("李姐", "缴纳水费")
    assert [m["instruction"] for m in messages[1:-1]] == steps
    assert messages[-1]["buttons"][0] == {
        "title": "再学一遍",
        "payload": '/start_guide{"service":"pay-water"}',
    }


def test_an_unknown_service_gets_no_recap(domain) -> None:
    dispatcher = CollectingDispatcher()
    tracker = tracker_after("EXTERNAL: practice_recap", "practice_recap", entities={"service": "x"})
    assert ActionPracticeRecap().run(dispatcher, tracker, domain) == []
    assert dispatcher.messages == []
