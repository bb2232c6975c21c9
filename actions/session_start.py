"""Start a conversation session carrying over each slot's current value, once.

Rasa's own session start copies every slot event of the session before, including those it
copied in the session before that: a resident finishing guide after guide carried hundreds of
copies into each new session (about 18,000 slot events after 29 guides), and every turn loaded
them all. Carrying the values that differ from the slots' initial values keeps what the
conversation needs (a guide left halfway, the last offer) in a few events.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import DomainDict


class ActionSessionStart(Action):
    """Begins a session with the slots as they are now."""

    def name(self) -> str:
        return "action_session_start"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        slots = domain.get("slots", {})
        carried = [
            SlotSet(name, value)
            for name, value in tracker.slots.items()
            if name in slots and value != slots[name].get("initial_value")
        ]
        return [SessionStarted(), *carried, ActionExecuted("action_listen")]
