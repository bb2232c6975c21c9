"""Talking to the Rasa server's REST channel in end-to-end tests."""

from __future__ import annotations

import httpx

from tools.serve import Stack


def say(stack: Stack, sender: str, message: str, message_id: str | None = None) -> list[dict]:
    """Send `message` as `sender`; with `message_id`, as a gateway numbering its messages does."""
    metadata = {"message_id": message_id} if message_id else {}
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message, "metadata": metadata},
        timeout=60,
    )
    response.raise_for_status()
    return response.json()


def texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def button_payloads(replies: list[dict]) -> list[str]:
    return [button["payload"] for reply in replies for button in reply.get("buttons", [])]
