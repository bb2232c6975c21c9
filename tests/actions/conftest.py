"""Helpers to run actions the way the action server does: a Tracker and a dispatcher."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import load_domain


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The real domain, as Rasa sends it to the action server."""
    return load_domain()


@pytest.fixture(autouse=True)
def actions_use_test_catalog(
    monkeypatch: pytest.MonkeyPatch, catalog_sessions: sessionmaker[Session]
) -> None:
    for module in ("actions.find_service", "actions.menu", "actions.guide", "actions.help_request"):
        monkeypatch.setattr(f"{module}.catalog_sessions", lambda: catalog_sessions)


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
