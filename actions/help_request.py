"""A resident asks for a person: record it with where they were, and say what happens next."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import catalog_sessions
from actions.guide import offer_to_resume
from actions.guide_flow import GuideState
from actions.privacy_reminder import remind_once
from actions.replies import DomainDict, offer
from catalog import records


class ActionRequestHelp(Action):
    """Records a help request (the community workers' queue reads them)."""

    def name(self) -> str:
        return "action_request_help"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        state = GuideState.from_tracker(tracker)
        reason = next(tracker.get_latest_entity_values("reason"), None)
        records.record_help_request(
            catalog_sessions(),
            sender_id=tracker.sender_id,
            reason=reason if reason in records.HELP_REASONS else "asked",
            service_slug=state.service if state.active else tracker.get_slot("service"),
            step=state.step if state.active else None,
        )
        events = remind_once(dispatcher, tracker)  # first, so the reply's buttons come last
        events += offer(dispatcher, domain, "utter_help_recorded", "menu")
        return events + offer_to_resume(dispatcher, domain, tracker)
