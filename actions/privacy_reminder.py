"""Once per conversation, kindly remind a resident who sent an ID, bank card or phone number
not to send such numbers in chats (what is stored and logged is masked either way)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from privacy.masking import contains_personal_number

REMINDED = "privacy_reminded"


def remind_once(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The reminder, when the latest message holds a personal number and none was given yet."""
    text = tracker.latest_message.get("text") or ""
    if tracker.get_slot(REMINDED) or not contains_personal_number(text):
        return []
    dispatcher.utter_message(response="utter_privacy_reminder")
    return [SlotSet(REMINDED, True)]
