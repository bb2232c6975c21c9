"""Talk to a running Rasa server as a resident would, and read back what it understood."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass
class Conversation:
    """One resident's conversation over the REST channel, with a fresh sender id."""

    http: httpx.Client
    sender: str = ""

    def __post_init__(self) -> None:
        self.sender = self.sender or f"heldout-{uuid.uuid4().hex[:12]}"

    def say(self, text: str) -> list[dict[str, Any]]:
        response = self.http.post(
            "/webhooks/rest/webhook", json={"sender": self.sender, "message": text}
        )
        response.raise_for_status()
        return response.json()

    def tracker(self) -> dict[str, Any]:
        response = self.http.get(f"/conversations/{self.sender}/tracker")
        response.raise_for_status()
        return response.json()

    def set_slot(self, name: str, value: Any) -> None:
        """Put the conversation in a given state, as an action would have."""
        response = self.http.post(
            f"/conversations/{self.sender}/tracker/events",
            json=[{"event": "slot", "name": name, "value": value}],
        )
        response.raise_for_status()

    def understood(self) -> dict[str, Any]:
        """What the last message was finally taken as (after any reading): Rasa's parse data."""
        user = next(e for e in reversed(self.tracker()["events"]) if e["event"] == "user")
        return user.get("parse_data") or {}
