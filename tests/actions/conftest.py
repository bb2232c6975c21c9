"""Helpers to run actions the way the action server does: a Tracker and a dispatcher."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import load_domain


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The real domain, as Rasa sends it to the action server."""
    return load_domain()


@pytest.fixture
def sender() -> str:
    """A resident no other test uses (the catalog database is shared)."""
    return f"resident-{uuid.uuid4().hex[:8]}"


@pytest.fixture(autouse=True)
def actions_use_test_catalog(
    monkeypatch: pytest.MonkeyPatch, catalog_sessions: sessionmaker[Session]
) -> None:
    monkeypatch.setattr("actions.catalog_access._live_sessions", lambda: catalog_sessions)


def tracker_after(
    text: str,
    intent: str = "nlu_fallback",
    ranking: list[tuple[str, float]] = (),
    entities: dict[str, str] | None = None,
    slots: dict[str, Any] | None = None,
    sender_id: str = "test",
) -> Tracker:
    """A tracker whose latest message is `text`, classified as given, with these slots."""
    return Tracker.from_dict(
        {
            "sender_id": sender_id,
            "slots": slots or {},
            "latest_message": {
                "text": text,
                "intent": {"name": intent, "confidence": ranking[0][1] if ranking else 1.0},
                "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
                "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()],
            },
            "events": [],
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


def shown(messages: list[dict[str, Any]], domain: dict[str, Any]) -> list[dict[str, Any]]:
    """The messages as Rasa's NLG sends them on (rasa_addons/choices_first_nlg.py): a response's
    first variation filled with the action's values, the action's choices before its buttons."""
    return [_shown(message, domain) for message in messages]


def _shown(message: dict[str, Any], domain: dict[str, Any]) -> dict[str, Any]:
    if not message.get("response"):
        return message
    variant = domain["responses"][message["response"]][0]
    fixed = {"text", "image", "json_message", "response", "attachment", "buttons", "elements"}
    values = {key: value for key, value in message.items() if key not in fixed}
    return {
        **message,
        "text": variant["text"].format(**values),
        "buttons": [*(message.get("choices") or []), *variant.get("buttons", [])],
    }


def response_of(message: dict[str, Any], domain: dict[str, Any]) -> str | None:
    """The domain response a sent message came from."""
    if message.get("response"):
        return message["response"]
    matches = [
        (len(re.sub(r"\{\w+\}", "", variant["text"])), name)
        for name, variants in domain["responses"].items()
        for variant in variants
        if re.fullmatch(
            re.sub(r"\\\{\w+\\\}", ".*", re.escape(variant["text"])),
            message.get("text") or "",
            re.DOTALL,
        )
    ]
    return max(matches)[1] if matches else None  # the template with most fixed words


def shown_by(action: Action, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
    """What `action` sends, as the resident would see it."""
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker, domain)
    return shown(dispatcher.messages, domain)


def responses(messages: list[dict[str, Any]], domain: dict[str, Any]) -> list[str | None]:
    return [response_of(message, domain) for message in messages]


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots the events set, last value wins."""
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}
