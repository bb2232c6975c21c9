"""What the assistant says when a worker takes over, hands back, or did not come in time; and
when a family helper takes over, passes it to the workers, or did not answer in time.

A gateway tells Rasa of these through its `trigger_intent` API; the worker's name comes as the
`worker` entity, who a family helper is as the `relation` entity.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.guide_resume import offer_to_resume
from actions.replies import DomainDict, offer
from handoff.settings import handoff_settings


class ActionHandoffStarted(Action):
    def name(self) -> str:
        return "action_handoff_started"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if relation := next(tracker.get_latest_entity_values("relation"), None):
            dispatcher.utter_message(response="utter_family_started", relation=relation)
            return []
        worker = next(tracker.get_latest_entity_values("worker"), None) or "社区工作人员"
        dispatcher.utter_message(response="utter_handoff_started", worker=worker)
        return []


class ActionHandoffEnded(Action):
    def name(self) -> str:
        return "action_handoff_ended"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        family = next(tracker.get_latest_entity_values("relation"), None)
        dispatcher.utter_message(response="utter_family_back" if family else "utter_handoff_back")
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


class ActionFamilyUnanswered(Action):
    """No family helper answered in time: the workers are offered."""

    def name(self) -> str:
        return "action_family_unanswered"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        workers = '/ask_person{"whom":"workers"}'
        return offer(dispatcher, domain, "utter_family_unanswered", "whom", yes=workers)


class ActionFamilyPassed(Action):
    """A family helper asked the workers to help: the resident waits for them now."""

    def name(self) -> str:
        return "action_family_passed"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        relation = next(tracker.get_latest_entity_values("relation"), None) or "家人"
        minutes = f"{handoff_settings().wait_minutes:g}"
        return offer(
            dispatcher, domain, "utter_family_passed", "menu", relation=relation, minutes=minutes
        ) + offer_to_resume(dispatcher, domain, tracker)
