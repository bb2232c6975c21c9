"""Greet a resident, and remind one coming back of the guide they left."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.guide import offer_to_resume
from actions.replies import DomainDict


class ActionGreet(Action):
    """Greets, and reminds a resident coming back of the guide they left."""

    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_greet")
        return offer_to_resume(dispatcher, tracker)
