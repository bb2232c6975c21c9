"""What the assistant says when a worker takes over, hands back, or did not come in time.

A gateway tells Rasa of these through its `trigger_intent` API; the worker's name comes as the
`worker` entity.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.guide import offer_to_resume
from actions.replies import DomainDict, offer


class ActionHandoffStarted(Action):
    def name(self) -> str:
        return "action_handoff_started"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        worker = next(tracker.get_latest_entity_values("worker"), None) or "社区工作人员"
        dispatcher.utter_message(response="utter_handoff_started", worker=worker)
        return []


class ActionHandoffEnded(Action):
    def name(self) -> str:
        return "action_handoff_ended"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_handoff_back")
        return offer_to_resume(dispatcher, domain, tracker) or offer(
            dispatcher, domain, "utter_anything_else", "menu"
        )


class ActionHandoffExpired(Action):
    def name(self) -> str:
        return "action_handoff_expired"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return offer(dispatcher, domain, "utter_handoff_expired", "menu") + offer_to_resume(
            dispatcher, domain, tracker
        )
