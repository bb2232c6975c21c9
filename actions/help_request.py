"""A resident asks for a person: record it with where they were, and say what happens next."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import catalog_sessions
from actions.guide import offer_to_resume
from actions.guide_flow import GuideState
from actions.replies import DomainDict
from catalog import records


class ActionRequestHelp(Action):
    """Records a help request (the community workers' queue reads them)."""

    def name(self) -> str:
        return "action_request_help"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        state = GuideState.from_tracker(tracker)
        records.record_help_request(
            catalog_sessions(),
            sender_id=tracker.sender_id,
            reason="asked",
            service_slug=state.service if state.active else tracker.get_slot("service"),
            step=state.step if state.active else None,
        )
        dispatcher.utter_message(response="utter_help_recorded")
        return offer_to_resume(dispatcher, tracker)
