"""Greet a resident, and remind one coming back of the guide they left."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.guide_resume import offer_to_resume
from actions.replies import DomainDict, offer


class ActionGreet(Action):
    """Greets, and reminds a resident coming back of the guide they left."""

    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        events = offer(dispatcher, domain, "utter_greet", "menu")
        return events + offer_to_resume(dispatcher, domain, tracker)
