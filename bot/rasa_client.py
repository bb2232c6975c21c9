"""A small async client of the Rasa server's REST channel and HTTP API, shared by every gateway.

The HTTP API (trigger_intent, tracker events, messages, status) answers only with Rasa's token
(`lifecycle.rasa_token`); every request carries it, the REST channel ignores it."""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from catalog.database import DATA_DIR
from lifecycle.rasa_token import rasa_token

log = logging.getLogger(__name__)

DEFAULT_RASA_URL = f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"


@dataclass(frozen=True)
class Button:
    """A choice offered to the resident: `title` is shown, `payload` is sent back."""

    title: str
    payload: str


@dataclass(frozen=True)
class BotMessage:
    """One reply of the assistant."""

    text: str = ""
    buttons: list[Button] = field(default_factory=list)
    image: str | None = None
    custom: dict[str, Any] = field(default_factory=dict)  # data for the gateway, not shown

    @classmethod
    def from_rest(cls, data: dict[str, Any]) -> BotMessage:
        return cls(
            text=data.get("text") or "",
            buttons=[
                Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
                for b in data.get("buttons") or []
            ],
            image=data.get("image"),
            custom=data.get("custom") if isinstance(data.get("custom"), dict) else {},
        )

    def as_rest(self) -> dict[str, Any]:
        """The reply as the REST channel gives it (`from_rest` reads it back)."""
        return asdict(self)


class RasaClient:
    """Sends one resident message to Rasa and returns the assistant's replies.

    `token` defaults to `RASA_TOKEN`, else the one kept in `DATA_DIR` for local servers.
    """

    def __init__(
        self, base_url: str | None = None, timeout: float = 30.0, token: str | None = None
    ) -> None:
        self.base_url = (base_url or os.environ.get("RASA_URL") or DEFAULT_RASA_URL).rstrip("/")
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            params={"token": token or rasa_token(DATA_DIR)},
            timeout=timeout,
        )

    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        """Post `text` as `sender_id`; raises `httpx.HTTPError` when Rasa cannot answer."""
        response = await self._http.post(
            "/webhooks/rest/webhook",
            json={"sender": sender_id, "message": text, "metadata": metadata or {}},
        )
        response.raise_for_status()
        return [BotMessage.from_rest(item) for item in response.json()]

    async def trigger(
        self, sender_id: str, intent: str, entities: dict[str, str] | None = None
    ) -> list[BotMessage]:
        """Tell Rasa something happened outside the chat (`trigger_intent`); its replies."""
        response = await self._http.post(
            f"/conversations/{sender_id}/trigger_intent",
            params={"include_events": "NONE"},
            json={"name": intent, "entities": entities or {}},
        )
        response.raise_for_status()
        return [BotMessage.from_rest(item) for item in response.json().get("messages", [])]

    async def pause(self, sender_id: str) -> None:
        """Silence the assistant for this conversation (a person has taken over)."""
        await self._append(sender_id, {"event": "pause"})

    async def resume(self, sender_id: str) -> None:
        """Let the assistant answer this conversation again."""
        await self._append(sender_id, {"event": "resume"})

    async def log_message(self, sender_id: str, text: str) -> str | None:
        """Add a message to the conversation without an answer (while paused); returns the
        intent Rasa understood in it."""
        response = await self._http.post(
            f"/conversations/{sender_id}/messages",
            params={"include_events": "NONE"},
            json={"text": text, "sender": "user"},
        )
        response.raise_for_status()
        intent = (response.json().get("latest_message") or {}).get("intent") or {}
        return intent.get("name")

    async def events(self, sender_id: str) -> list[dict[str, Any]]:
        """The conversation's events since its last restart, every session of it."""
        response = await self._http.get(
            f"/conversations/{sender_id}/tracker", params={"include_events": "AFTER_RESTART"}
        )
        response.raise_for_status()
        return response.json().get("events") or []

    async def _append(self, sender_id: str, event: dict[str, Any]) -> None:
        response = await self._http.post(
            f"/conversations/{sender_id}/tracker/events",
            params={"include_events": "NONE"},
            json=event,
        )
        response.raise_for_status()

    async def is_ready(self) -> bool:
        """True when the server answers `GET /status` (a model is loaded)."""
        try:
            return (await self._http.get("/status")).status_code == 200
        except httpx.HTTPError:
            return False

    async def close(self) -> None:
        await self._http.aclose()


async def heard_while_paused(rasa: RasaClient, sender_id: str, text: str) -> str | None:
    """`log_message` during a handoff: Rasa being away must not stop a resident and a worker
    talking, so then nothing is understood (None)."""
    try:
        return await rasa.log_message(sender_id, text)
    except Exception as error:
        log.warning("not_logged_in_conversation error=%s", type(error).__name__)
        return None
