"""What runs around the WeChat gateway in its end-to-end tests: the WeChat server emulator
(`tools/wechat_emulator.py`) and the gateway itself as `make wechat` runs it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tools.processes import GatewayProcess, stop, wait_until
from tools.serve import HOST, ROOT

STARTED = "Application startup complete"  # what uvicorn logs once the gateway serves


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
        stop(self._process)
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


class WeChatGateway(GatewayProcess):
    """`python -m bot.wechat` (what `make wechat` runs) with the given settings."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        super().__init__("bot.wechat", env, log, prefix="WECHAT_", started=STARTED)


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
