"""The Telegram Bot API answered in memory, for tests of the gateway without the network."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

from telegram.request import BaseRequest, RequestData

TOKEN = "123:ABC"
BOT = {"id": 123, "is_bot": True, "first_name": "助手", "username": "HelperBot"}


class TelegramApi(BaseRequest):
    """The Bot API answered in memory; every call is kept with its parameters."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._message_ids = itertools.count(1000)

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: Any
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        parameters = request_data.parameters if request_data else {}
        self.calls.append((name, parameters))
        return 200, json.dumps({"ok": True, "result": self._result(name, parameters)}).encode()

    def _result(self, name: str, parameters: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT
        if name == "copyMessage":
            return {"message_id": next(self._message_ids)}
        if name.startswith("send") and name != "sendChatAction":
            chat = {"id": parameters["chat_id"], "type": "private"}
            return {"message_id": next(self._message_ids), "date": 1, "chat": chat, "text": ""}
        return True

    def texts_to(self, chat_id: int) -> list[str]:
        return [str(p.get("text") or p.get("caption")) for _, p in self.calls_to(chat_id)]

    def calls_to(self, chat_id: int) -> list[tuple[str, dict[str, Any]]]:
        return [(name, p) for name, p in self.calls if p.get("chat_id") == chat_id]

    def button(self, pattern: str) -> str | None:
        """The data of the latest inline button matching `pattern`."""
        found = [
            button["callback_data"]
            for _, parameters in self.calls
            for row in (parameters.get("reply_markup") or {}).get("inline_keyboard", [])
            for button in row
            if re.fullmatch(pattern, button.get("callback_data", ""))
        ]
        return found[-1] if found else None
