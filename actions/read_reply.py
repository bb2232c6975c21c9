"""Read a typed message against the offer just made, then let the rules answer it.

Rasa runs this action first whenever a resident types something right after an offer
(`rasa_addons/offer_policy.py`). It replaces the message's understanding with the button it
stands for (as Rasa's own two-stage fallback does with an affirmed intent), or keeps the model's
understanding when it fits no button; either way the offer is used up.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import catalog_sessions
from actions.catalog_index import catalog_index
from actions.offers import Offer, offer_event
from actions.replies import DomainDict
from actions.reply_reading import Message, read_reply
from actions.step_trouble import selected_trouble

_PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)


class ActionReadReply(Action):
    """Turns a typed answer to an offer into the payload of the button it means."""

    def name(self) -> str:
        return "action_read_reply"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message
        offer = Offer.from_slot(tracker.get_slot("offer"))
        payload = read_reply(offer, _message(tracker, message)) if offer else None
        parse_data = payload_parse_data(payload, message) if payload else message
        return [
            UserUtteranceReverted(),
            ActionExecuted("action_listen"),
            {
                "event": "user",
                "text": message.get("text"),
                "parse_data": parse_data,
                "input_channel": tracker.get_latest_input_channel(),
                "metadata": _metadata(tracker),  # with the message's id, for exactly-once
            },
            offer_event(None),
        ]


def _metadata(tracker: Tracker) -> dict[str, Any]:
    """The metadata the gateway sent with the latest message."""
    latest = next((e for e in reversed(tracker.events) if e.get("event") == "user"), {})
    return latest.get("metadata") or {}


def _message(tracker: Tracker, message: dict[str, Any]) -> Message:
    """The message as the reader needs it; naming the service being guided or talked about is
    not naming another one."""
    text = message.get("text") or ""
    intent = message.get("intent") or {}
    guided, current = tracker.get_slot("guide_service"), tracker.get_slot("service")
    with catalog_sessions(tracker)() as session:
        found = catalog_index(session).matcher.catalog_scores(text)
    return Message(
        text=text,
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        names_a_service=bool(set(found) - {guided, current}),
        ranking=tuple(
            (str(item.get("name")), float(item.get("confidence") or 0.0))
            for item in message.get("intent_ranking") or []
        ),
        guided_service=guided,
        catalog=tuple(found.items()),
        current_service=current,
        trouble=selected_trouble(message),
    )


def payload_parse_data(payload: str, message: dict[str, Any]) -> dict[str, Any]:
    """What Rasa would have understood had the resident tapped the button with `payload`."""
    found = _PAYLOAD.match(payload)
    if found is None:
        raise ValueError(f"not a button payload: {payload!r}")
    intent = {"name": found.group("intent"), "confidence": 1.0}
    text = message.get("text") or ""
    entities = [
        {"entity": name, "value": value, "start": 0, "end": len(text)}
        for name, value in json.loads(found.group("entities") or "{}").items()
    ]
    return {
        "text": text,
        "intent": intent,
        "intent_ranking": [intent],
        "entities": entities,
        "metadata": message.get("metadata") or {},
    }
