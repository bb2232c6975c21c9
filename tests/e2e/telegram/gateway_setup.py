"""What the Telegram gateway's end-to-end tests share: bot tokens, the gateway's settings, and
reading a resident's conversation back from Rasa."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

from bot.notices import load_notices
from bot.telegram.sender_ids import sender_id
from tools.serve import Stack
from tools.telegram_harness import Emulator, TcpProxy, keyboard_titles

TOKEN = "123456:POLLING-TEST-TOKEN"
RESTART_TOKEN = "123458:RESTART-TEST-TOKEN"
STOP_TOKEN = "123459:STOP-TEST-TOKEN"
WEBHOOK_TOKEN = "654321:WEBHOOK-TEST-TOKEN"
SENDER_KEY = "e2e-sender-key"
NOTICES = load_notices()
_user_ids = itertools.count(7_000_001)


def new_user_id() -> int:
    """A Telegram user id no other test uses."""
    return next(_user_ids)


def polling_env(
    token: str, emulator: Emulator, rasa_proxy: TcpProxy, stack: Stack, **more: str
) -> dict[str, str]:
    """The environment of a gateway polling the emulator, reaching Rasa through the proxy."""
    return {
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": emulator.url,
        "TELEGRAM_SENDER_KEY": SENDER_KEY,
        "TELEGRAM_POLL_INTERVAL": "0.1",
        "RASA_URL": rasa_proxy.url,
        "RASA_TOKEN": stack.token,
        "DATABASE_URL": f"sqlite:///{stack.data_dir / 'app.db'}",
        **more,
    }


def conversation(stack: Stack, telegram_user_id: int) -> dict[str, Any]:
    """The resident's tracker as Rasa stores it."""
    sender = sender_id(telegram_user_id, SENDER_KEY.encode())
    response = httpx.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker", params=stack.auth, timeout=30
    )
    response.raise_for_status()
    return response.json()


def said_by_resident(tracker: dict[str, Any]) -> list[str]:
    return [event["text"] for event in tracker["events"] if event["event"] == "user"]


def has_keyboard(messages: list[dict[str, Any]]) -> bool:
    return bool(messages) and bool(keyboard_titles(messages[-1]))
