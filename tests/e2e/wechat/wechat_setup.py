"""What the WeChat gateway's end-to-end tests share: the account, the gateway's settings, the
emulator and gateway as a pair, and reading a resident's conversation back from Rasa."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bot.sender_ids import keyed_sender_id
from bot.wechat.app import SENDER_PREFIX
from tools.serve import HOST, Stack, free_ports
from tools.telegram_harness import TcpProxy
from tools.wechat_harness import WeChatEmulator, WeChatGateway

ACCOUNT = {"token": "e2e-wechat-token", "app_id": "wxe2e0000000001", "app_secret": "e2e-secret"}
AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"  # any 43 base64 characters
SENDER_KEY = "e2e-wechat-sender-key"
_openids = itertools.count(1)


def new_openid() -> str:
    """An openid no other test uses."""
    return f"o-e2e-resident-{next(_openids):06d}"


def sender_of(openid: str) -> str:
    return keyed_sender_id(SENDER_PREFIX, openid, SENDER_KEY.encode())


@dataclass
class WeChatPair:
    """An emulator and the gateway it posts to; `start()` starts (again) the gateway alone."""

    emulator: WeChatEmulator
    env: dict[str, str]
    log: Path
    gateway: WeChatGateway | None = None

    def start(self) -> WeChatGateway:
        self.gateway = WeChatGateway(self.env, self.log)
        return self.gateway

    def stop(self) -> None:
        if self.gateway is not None:
            self.gateway.stop()
        self.emulator.stop()

    def logged(self, text: str) -> int:
        """How many lines of the gateway's log hold `text`."""
        return self.log.read_text().count(text)


def running_pair(
    stack: Stack,
    rasa_proxy: TcpProxy,
    logs: Path,
    name: str,
    safe: bool = False,
    settings: dict[str, str] | None = None,
) -> Iterator[WeChatPair]:
    """A gateway (as instance `name`, with more `settings`) and its emulator; stopped when the
    fixture ends."""
    gateway_port, emulator_port = free_ports(2)
    account = {**ACCOUNT, "aes_key": AES_KEY} if safe else ACCOUNT
    gateway_url = f"http://{HOST}:{gateway_port}/wechat"
    emulator = WeChatEmulator(emulator_port, gateway_url, account, logs / f"{name}-emulator.log")
    env = {f"WECHAT_{key.upper()}": value for key, value in account.items()} | {
        "WECHAT_PORT": str(gateway_port),
        "WECHAT_API_BASE_URL": emulator.url,
        "WECHAT_SENDER_KEY": SENDER_KEY,
        "WECHAT_INSTANCE": name,
        "WECHAT_DRAIN_SECONDS": "1",
        "RASA_URL": rasa_proxy.url,
        "RASA_TOKEN": stack.token,
        "DATABASE_URL": f"sqlite:///{stack.data_dir / 'app.db'}",
        "HANDOFF_CHECK_SECONDS": "0.3",  # how often the handoff's outbox is looked at
        **(settings or {}),
    }
    pair = WeChatPair(emulator, env, logs / f"{name}-gateway.log")
    pair.start()
    yield pair
    pair.stop()


def said_by_resident(stack: Stack, openid: str) -> list[str]:
    """What Rasa heard from the resident, in order, each once (a typed answer Rasa reads against
    its offer is in the conversation twice: as said, and as read)."""
    response = httpx.get(
        f"{stack.rasa_url}/conversations/{sender_of(openid)}/tracker", params=stack.auth, timeout=30
    )
    response.raise_for_status()
    events: list[dict[str, Any]] = response.json()["events"]
    return list(dict.fromkeys(event["text"] for event in events if event["event"] == "user"))


def has_menu(messages: list[dict[str, Any]]) -> bool:
    return bool(messages) and messages[-1]["msgtype"] == "msgmenu"
