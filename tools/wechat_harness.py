"""What runs around the WeChat gateway in its end-to-end tests: the WeChat server emulator
(`tools/wechat_emulator.py`) and the gateway itself as `make wechat` runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tools.serve import HOST, ROOT
from tools.telegram_harness import wait_until

STARTED = "Application startup complete"  # what uvicorn logs once the gateway serves


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class WeChatEmulator:
    """`python -m tools.wechat_emulator` on a loopback port, posting to the gateway at
    `gateway_url`; residents are named by openid."""

    def __init__(self, port: int, gateway_url: str, account: dict[str, str], log: Path) -> None:
        self.url = f"http://{HOST}:{port}"
        self._log = log.open("wb")
        options = [f"--{name.replace('_', '-')}={value}" for name, value in account.items()]
        command = [sys.executable, "-m", "tools.wechat_emulator", f"--port={port}"]
        self._process = subprocess.Popen(
            [*command, f"--gateway={gateway_url}", *options],
            cwd=ROOT,
            stdout=self._log,
            stderr=self._log,
        )
        self._http = httpx.Client(base_url=self.url, timeout=60)
        self._read: dict[str, int] = {}
        wait_until(self._answers, 15, "the WeChat emulator to listen")

    def stop(self) -> None:
        self._http.close()
        _stop(self._process)
        self._log.close()

    def post(self, openid: str, kind: str = "text", **order: Any) -> dict[str, Any]:
        """A resident's message or event, as WeChat posts it (see `WeChatServer.post`)."""
        response = self._http.post("/control/post", json={"openid": openid, "type": kind, **order})
        response.raise_for_status()
        return response.json()

    def text(self, openid: str, content: str, **order: Any) -> dict[str, Any]:
        return self.post(openid, "text", fields={"Content": content}, **order)

    def tap(self, openid: str, item: dict[str, str]) -> dict[str, Any]:
        """A tap on a msgmenu item: its title as text, its id as `bizmsgmenuid`."""
        fields = {"Content": item["content"], "bizmsgmenuid": item["id"]}
        return self.post(openid, "text", fields=fields)

    def event(self, openid: str, event: str, key: str = "") -> dict[str, Any]:
        return self.post(openid, "event", fields={"Event": event, "EventKey": key})

    def received(self, openid: str) -> list[dict[str, Any]]:
        """Every customer-service message `openid` got."""
        response = self._http.get("/control/messages", params={"openid": openid})
        response.raise_for_status()
        return response.json()["messages"]

    def replies_until(
        self,
        openid: str,
        done: Callable[[list[dict[str, Any]]], bool],
        timeout: float = 30,
    ) -> list[dict[str, Any]]:
        """The messages `openid` got that were not read before, as soon as `done` is true."""
        start = self._read.get(openid, 0)
        unread: list[dict[str, Any]] = []

        def arrived() -> bool:
            unread[:] = self.received(openid)[start:]
            return done(unread)

        wait_until(arrived, timeout, f"replies to {openid} (got {contents(unread)})")
        self._read[openid] = start + len(unread)
        return list(unread)

    def advance_clock(self, seconds: float) -> None:
        self._http.post("/control/clock", json={"advance": seconds}).raise_for_status()

    def expire_token(self) -> None:
        self._http.post("/control/expire-token").raise_for_status()

    def state(self) -> dict[str, Any]:
        return self._http.get("/control/state").json()

    def _answers(self) -> bool:
        try:
            return self._http.get("/control/state").status_code == 200
        except httpx.TransportError:
            return False


class WeChatGateway:
    """`python -m bot.wechat` (what `make wechat` runs) with the given settings."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        clean = {k: v for k, v in os.environ.items() if not k.startswith("WECHAT_")}
        self._starts = log.read_text().count(STARTED) if log.exists() else 0
        self._log = log.open("ab")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bot.wechat"],
            cwd=ROOT,
            env={**clean, **env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(self._started, 30, f"the WeChat gateway to start (see {log})")

    def stop(self) -> None:
        _stop(self._process)
        self._log.close()

    @property
    def process(self) -> subprocess.Popen:
        return self._process

    def _started(self) -> bool:
        if self._process.poll() is not None:
            raise AssertionError(f"the gateway exited: {self.log.read_text()}")
        return self.log.read_text().count(STARTED) > self._starts


def contents(messages: list[dict[str, Any]]) -> list[str]:
    """What each customer-service message shows: a text, or a msgmenu's head and items."""
    shown = []
    for message in messages:
        if message["msgtype"] == "msgmenu":
            menu = message["msgmenu"]
            titles = " | ".join(item["content"] for item in menu["list"])
            shown.append(f"{menu['head_content']} [{titles}]")
        else:
            shown.append(message.get("text", {}).get("content", ""))
    return shown


def menu_items(message: dict[str, Any]) -> list[dict[str, str]]:
    """The items of a msgmenu message ([] for a text)."""
    return message.get("msgmenu", {}).get("list", []) if message["msgtype"] == "msgmenu" else []
