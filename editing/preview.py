"""试一试: the real Rasa server and action server answer as they would a resident, with the
drafts applied. The preview database gets the published catalog plus every draft; a throwaway
conversation with the `content_preview` slot set makes the actions read it. The conversation
is read back from Rasa's tracker, so what is shown is what Rasa did. Rasa's HTTP API wants its
token (`token`) on every call but the REST channel's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from catalog import documents, queries
from editing import drafts

PREVIEW_SLOT = "content_preview"
TIMEOUT = 30.0


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass
class Turn:
    """One message: the resident's (`by_resident`) or the assistant's, with its buttons and,
    for the assistant's, why it chose what it did."""

    by_resident: bool
    text: str
    buttons: list[Button] = field(default_factory=list)
    explanation: dict[str, Any] = field(default_factory=dict)


def refresh(live: sessionmaker[Session], preview: sessionmaker[Session]) -> None:
    """Fill the preview database with the published catalog and every draft applied."""
    with live() as session:
        catalog = drafts.working_catalog(session)
    with preview.begin() as session:
        documents.write_catalog(session, catalog)
        queries.mark_catalog_changed(session, origin="editor")


async def start(rasa_url: str, token: str) -> str:
    """A new preview conversation; returns its sender id."""
    sender = f"preview-{uuid.uuid4().hex}"
    async with _api(rasa_url, token) as client:
        # The first call starts Rasa's session; the slot goes in a second one, so that it is
        # later than the session's start and stays in the conversation.
        for event in ({"event": "action", "name": "action_listen"}, _preview_slot()):
            response = await client.post(f"/conversations/{sender}/tracker/events", json=[event])
            response.raise_for_status()
    return sender


async def say(rasa_url: str, sender: str, text: str) -> None:
    """Send `text` (or a button's payload) as the resident."""
    async with httpx.AsyncClient(base_url=rasa_url, timeout=TIMEOUT) as client:
        response = await client.post(
            "/webhooks/rest/webhook", json={"sender": sender, "message": text}
        )
        response.raise_for_status()


async def conversation(rasa_url: str, token: str, sender: str) -> list[Turn]:
    """The preview conversation so far, from Rasa's tracker."""
    async with _api(rasa_url, token) as client:
        response = await client.get(f"/conversations/{sender}/tracker")
        response.raise_for_status()
    return turns(response.json().get("events", []))


def turns(events: list[dict[str, Any]]) -> list[Turn]:
    """The messages of a tracker's events; a tapped button shows as its title."""
    found: list[Turn] = []
    offered: dict[str, str] = {}
    for event in events:
        if event.get("event") == "user" and event.get("text"):
            text = event["text"]
            found.append(Turn(True, offered.get(text, text)))
        elif event.get("event") == "bot":
            data = event.get("data") or {}
            custom = data.get("custom") or {}
            if "preview" in custom and found and not found[-1].by_resident:
                found[-1].explanation = custom["preview"]
            elif event.get("text"):
                buttons = [Button(b["title"], b["payload"]) for b in data.get("buttons") or []]
                offered = {button.payload: button.title for button in buttons}
                found.append(Turn(False, event["text"], buttons))
    return found


def _api(rasa_url: str, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=rasa_url, params={"token": token}, timeout=TIMEOUT)


def _preview_slot() -> dict[str, Any]:
    return {"event": "slot", "name": PREVIEW_SLOT, "value": True}
