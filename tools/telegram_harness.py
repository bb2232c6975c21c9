"""What runs around the Telegram gateway in the end-to-end tests and `make bench`: the Bot API
emulator (tools/telegram-emulator), the gateway itself as `make bot` runs it, and a TCP proxy in
front of Rasa that can be switched off to play a Rasa outage without restarting the real
server."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tools.processes import GatewayProcess, stop, wait_until
from tools.serve import HOST, ROOT

EMULATOR_DIR = ROOT / "tools" / "telegram-emulator"
BOT_USERNAME = "TestNameBot"  # what the emulator's getMe answers


class Emulator:
    """telegram-test-api on a loopback port: residents' side of Telegram for the tests."""

    def __init__(self, port: int, log: Path) -> None:
        assert (EMULATOR_DIR / "node_modules").is_dir(), (
            "no emulator: npm ci --prefix tools/telegram-emulator (make test runs it)"
        )
        self.url = f"http://{HOST}:{port}"
        self._log = log.open("wb")
        self._process = subprocess.Popen(
            ["node", "start.js", str(port)], cwd=EMULATOR_DIR, stdout=self._log, stderr=self._log
        )
        self._http = httpx.Client(base_url=self.url, timeout=10)
        self._unread: dict[tuple[str, int], list[dict[str, Any]]] = {}
        wait_until(self._answers, 15, "the emulator to listen")

    def stop(self) -> None:
        self._http.close()
        stop(self._process)
        self._log.close()

    def send(
        self, token: str, user_id: int, chat: dict[str, Any] | None = None, **message: Any
    ) -> None:
        """A resident's message (text, voice, sticker…) to the bot."""
        body = {
            "botToken": token,
            "date": int(time.time()),
            "from": {
                "id": user_id,
                "is_bot": False,
                "first_name": "王阿姨",
                "language_code": "zh-hans",
            },
            "chat": chat or {"id": user_id, "type": "private", "first_name": "王阿姨"},
            **message,
        }
        self._post("/sendMessage", body)

    def command(self, token: str, user_id: int, text: str, **fields: Any) -> None:
        """A command such as /start, marked as Telegram marks commands."""
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        self.send(token, user_id, text=text, entities=entities, **fields)

    def message_id(self, token: str, text: str) -> int:
        """The id the emulator gave the residents' message `text` (it numbers them itself)."""
        history = self._post("/getUpdatesHistory", {"token": token})["result"]
        return next(
            item["messageId"]
            for item in history
            if "from" in item.get("message", {}) and item["message"].get("text") == text
        )

    def block(self, chat_id: int, blocked: bool = True) -> None:
        """Make sendMessage to `chat_id` fail with 403, as when a user blocked the bot."""
        self._post("/testing/block", {"chat_id": chat_id, "blocked": blocked})

    def flood(self, count: int, retry_after: int = 1) -> None:
        """Make the next `count` sendMessage calls fail with 429, as Telegram's flood control."""
        self._post("/testing/flood", {"count": count, "retry_after": retry_after})

    def tap_inline_button(
        self, token: str, user_id: int, data: str, message_id: int = 1, first_name: str = "王阿姨"
    ) -> None:
        """A tap on an inline button under an earlier message of the bot."""
        self._post(
            "/sendCallback",
            {
                "botToken": token,
                "from": {"id": user_id, "is_bot": False, "first_name": first_name},
                "message": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": user_id, "type": "private"},
                },
                "data": data,
            },
        )

    def replies_until(
        self,
        token: str,
        chat_id: int,
        done: Callable[[list[dict[str, Any]]], bool],
        timeout: float = 30,
    ) -> list[dict[str, Any]]:
        """The bot's messages to `chat_id` not read before, as soon as `done` is true of them."""
        unread = self._unread.setdefault((token, chat_id), [])

        def arrived() -> bool:
            unread.extend(self._bot_messages(token, chat_id))
            return done(unread)

        wait_until(arrived, timeout, f"the bot's replies in chat {chat_id} (got {texts(unread)})")
        replies = list(unread)
        unread.clear()
        return replies

    def replies_so_far(self, token: str, chat_id: int) -> list[dict[str, Any]]:
        """The bot's unread messages to `chat_id` right now (to check that nothing came)."""
        unread = self._unread.setdefault((token, chat_id), [])
        unread.extend(self._bot_messages(token, chat_id))
        return list(unread)

    def current_text(self, token: str, chat_id: int, message_id: int) -> str:
        """The text of a message of the bot as it is now (after any edits)."""
        return self._current(token, chat_id, message_id).get("text", "")

    def current_markup(self, token: str, chat_id: int, message: dict[str, Any]) -> dict[str, Any]:
        """The buttons under a message of the bot as they are now (after any edits)."""
        return self._current(token, chat_id, message["message_id"]).get("reply_markup") or {}

    def _current(self, token: str, chat_id: int, message_id: int) -> dict[str, Any]:
        history = self._post("/getUpdatesHistory", {"token": token})["result"]
        return next(
            item["message"]
            for item in history
            if item.get("messageId") == message_id
            and str(item["message"].get("chat_id")) == str(chat_id)
        )

    def _bot_messages(self, token: str, chat_id: int) -> list[dict[str, Any]]:
        result = self._post("/getUpdates", {"token": token, "chatId": chat_id})["result"]
        return [{**item["message"], "message_id": item["messageId"]} for item in result]

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self._http.post(path, json=body)
        response.raise_for_status()
        return response.json()

    def _answers(self) -> bool:
        try:
            return self._http.get("/botprobe/getMe").status_code == 200
        except httpx.TransportError:
            return False


class Gateway(GatewayProcess):
    """`python -m bot.telegram` (what `make bot` runs) with the given settings."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        super().__init__(
            "bot.telegram", env, log, prefix="TELEGRAM_", started="Application started"
        )


class TcpProxy:
    """Forwards a loopback port to Rasa; `interrupt()` refuses connections as a stopped server
    would, `resume()` forwards again, `drop_next_answer()` lets the next request reach Rasa but
    loses its answer on the way back. Runs its own event loop in a thread."""

    def __init__(self, port: int, target_port: int) -> None:
        self.url = f"http://{HOST}:{port}"
        self.target_port = target_port
        self._port = port
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._drop_answer = threading.Event()
        self.delay = 0.0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self.resume()

    def resume(self) -> None:
        self._run(self._listen())

    def interrupt(self) -> None:
        self._run(self._close())

    def drop_next_answer(self) -> None:
        self._drop_answer.set()

    @property
    def answer_dropped(self) -> bool:
        """Whether the answer `drop_next_answer()` asked for has been lost by now."""
        return not self._drop_answer.is_set()

    def stop(self) -> None:
        self.interrupt()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def _run(self, coroutine: Any) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._forward, HOST, self._port)

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.close()

    async def _forward(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(HOST, self.target_port)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, upstream_writer}
        await asyncio.gather(
            _copy(reader, upstream_writer, delay=lambda: self.delay),
            _copy(upstream_reader, writer, self._drop_answer),
            return_exceptions=True,
        )
        self._writers -= {writer, upstream_writer}


async def _copy(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    drop: threading.Event | None = None,
    delay: Callable[[], float] | None = None,
) -> None:
    """Copy until either side closes; with `drop` set, the next data is lost and the
    connection closed instead (an answer lost on the way back); each data waits `delay()`."""
    try:
        while data := await reader.read(65536):
            if drop is not None and drop.is_set():
                drop.clear()
                return
            if delay is not None and (pause := delay()):
                await asyncio.sleep(pause)
            writer.write(data)
            await writer.drain()
    finally:
        with contextlib.suppress(Exception):
            writer.close()


def texts(messages: list[dict[str, Any]]) -> list[str]:
    """The texts (or photo captions) of the bot's messages."""
    return [m.get("text") or m.get("caption") or "" for m in messages]


def keyboard_titles(message: dict[str, Any]) -> list[str]:
    """The reply keyboard under `message`, row by row (one button per row)."""
    markup = message.get("reply_markup") or {}
    rows = markup.get("keyboard", [])
    assert all(len(row) == 1 for row in rows), f"one button per row expected: {rows}"
    return [row[0]["text"] for row in rows]


def replied_to(message: dict[str, Any]) -> int | None:
    """The id of the message `message` quotes, if any."""
    parameters = message.get("reply_parameters")
    if isinstance(parameters, str):
        parameters = json.loads(parameters)
    return int(parameters["message_id"]) if parameters else None
