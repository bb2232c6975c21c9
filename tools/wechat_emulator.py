"""A WeChat server emulator for the WeChat gateway's tests: the account's API (access token,
customer-service messages, custom menu) and residents' side, driven through a control API.

    python -m tools.wechat_emulator --port 8091 --gateway http://127.0.0.1:8090/wechat \\
        --token T --app-id wx1 --app-secret S [--aes-key KEY43]

Residents' messages are built as XML, signed, encrypted in safe mode and posted to the gateway,
which has 5 s to answer; a timeout or an error is retried with the same message, up to 3 more
times, as WeChat does. Customer-service messages are accepted within 48 hours of a resident's
last message, and only so many per message (or event) of theirs (`--message-cap`,
`--event-cap`): the figures a third-party guide gives for WeChat's rules since June 2023 (5 per
message within 48 hours; 3 per follow, scan or menu click within a minute:
https://docs.chatalog.ai/zh-cn/platform-setup/wechat/ke-fu-xiao-xi), else 45015 or 45047.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
import xmltodict
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

ANSWER_WITHIN = 5.0  # seconds WeChat waits for the gateway
RETRIES = 3
WINDOW = 48 * 3600  # seconds after a resident's message customer-service messages are allowed
EVENT_WINDOW = 60  # and after a follow, scan or menu click
TOKEN_LIFETIME = 7200
REFUSALS = {
    45015: "response out of time limit or subscription is canceled",
    45047: "out of response count limit",
}


@dataclass
class Resident:
    """What the emulator knows of one follower."""

    quota: int = 0
    quota_until: float = 0.0
    last_message_at: float | None = None
    inbox: list[dict[str, Any]] = field(default_factory=list)


class WeChatServer:
    """The emulator's state and routes."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.offset = 0.0  # seconds the clock was moved
        self.tokens: dict[str, float] = {}  # token → when it expires
        self.token_fetches = 0
        self.menu: dict[str, Any] | None = None
        self.residents: dict[str, Resident] = {}
        self.refusals: list[dict[str, Any]] = []
        self.msg_ids = itertools.count(int(time.time() * 1000) * 1000)
        self.crypto = WeChatCrypto(args.token, args.aes_key, args.app_id) if args.aes_key else None

    def now(self) -> float:
        return time.time() + self.offset

    # WeChat's API, as the gateway calls it.

    async def token(self, request: Request) -> JSONResponse:
        query = request.query_params
        if (query.get("appid"), query.get("secret")) != (self.args.app_id, self.args.app_secret):
            return _error(40013, "invalid appid or secret")
        self.token_fetches += 1
        token = secrets.token_urlsafe(24)
        self.tokens[token] = self.now() + TOKEN_LIFETIME
        return JSONResponse({"access_token": token, "expires_in": TOKEN_LIFETIME})

    async def custom_send(self, request: Request) -> JSONResponse:
        if refused := self._token_refused(request):
            return refused
        body = json.loads(await request.body())
        resident = self.residents.get(str(body.get("touser")))
        now = self.now()
        code = 0
        if (
            resident is None
            or resident.last_message_at is None
            or now > resident.last_message_at + WINDOW
        ):
            code = 45015
        elif resident.quota <= 0 or now > resident.quota_until:
            code = 45047
        if code:
            self.refusals.append({"touser": body.get("touser"), "errcode": code})
            return _error(code, REFUSALS[code])
        resident.quota -= 1
        resident.inbox.append(body)
        return _error(0, "ok")

    async def menu_create(self, request: Request) -> JSONResponse:
        if refused := self._token_refused(request):
            return refused
        self.menu = json.loads(await request.body())
        return _error(0, "ok")

    def _token_refused(self, request: Request) -> JSONResponse | None:
        expires = self.tokens.get(request.query_params.get("access_token", ""))
        if expires is None:
            return _error(40001, "invalid credential, access_token is invalid or not latest")
        if self.now() > expires:
            return _error(42001, "access_token expired")
        return None

    # The control API of the tests.

    async def post(self, request: Request) -> JSONResponse:
        """A resident's message or event: {"openid", "type", "fields", and optionally "msg_id",
        "repeat" and "interval" (posted again as a retry that crossed the answer),
        "timestamp", "bad_signature", "xml" (a raw body)}."""
        order = await request.json()
        openid, kind = order["openid"], order.get("type", "text")
        msg_id = order.get("msg_id") or (None if kind == "event" else next(self.msg_ids))
        xml = order.get("xml") or self._xml(openid, kind, order.get("fields") or {}, msg_id)
        self._opened(openid, kind)
        attempts: list[dict[str, Any]] = []
        for delivery in range(int(order.get("repeat", 1))):
            if delivery:
                await asyncio.sleep(float(order.get("interval", 1.0)))
            attempts += await self._deliver(xml, openid, order)
        return JSONResponse({"msg_id": msg_id, "attempts": attempts})

    async def messages(self, request: Request) -> JSONResponse:
        resident = self.residents.get(request.query_params["openid"], Resident())
        return JSONResponse({"messages": resident.inbox})

    async def clock(self, request: Request) -> JSONResponse:
        self.offset += float((await request.json())["advance"])
        return JSONResponse({"offset": self.offset})

    async def expire_token(self, _: Request) -> JSONResponse:
        self.tokens = dict.fromkeys(self.tokens, 0.0)
        return JSONResponse({"expired": len(self.tokens)})

    async def state(self, _: Request) -> JSONResponse:
        return JSONResponse(
            {"token_fetches": self.token_fetches, "menu": self.menu, "refusals": self.refusals}
        )

    def _opened(self, openid: str, kind: str) -> None:
        """A message opens the window for `--message-cap` replies, an event for fewer."""
        resident = self.residents.setdefault(openid, Resident())
        now = self.now()
        resident.last_message_at = now
        if kind == "event":
            resident.quota, resident.quota_until = self.args.event_cap, now + EVENT_WINDOW
        else:
            resident.quota, resident.quota_until = self.args.message_cap, now + WINDOW

    def _xml(self, openid: str, kind: str, fields: dict[str, Any], msg_id: int | None) -> str:
        message = {
            "ToUserName": "gh_emulated",
            "FromUserName": openid,
            "CreateTime": int(self.now()),
            "MsgType": kind,
            **fields,
        }
        if msg_id is not None:
            message["MsgId"] = msg_id
        return xmltodict.unparse({"xml": message}, full_document=False)

    async def _deliver(self, xml: str, openid: str, order: dict[str, Any]) -> list[dict]:
        """Post `xml` until the gateway answers 200 in time, retrying as WeChat does."""
        attempts: list[dict[str, Any]] = []
        async with httpx.AsyncClient(timeout=ANSWER_WITHIN) as http:
            for _ in range(1 + RETRIES):
                query, body = self._signed(xml, openid, order)
                try:
                    response = await http.post(self.args.gateway, params=query, content=body)
                    attempts.append({"status": response.status_code, "body": response.text})
                    if response.status_code == 200:
                        break
                except httpx.HTTPError as error:
                    attempts.append({"status": None, "body": type(error).__name__})
        return attempts

    def _signed(self, xml: str, openid: str, order: dict[str, Any]) -> tuple[dict, bytes]:
        timestamp = str(order.get("timestamp") or int(time.time()))
        nonce = secrets.token_hex(5)
        token = "not-the-token" if order.get("bad_signature") else self.args.token
        query = {"timestamp": timestamp, "nonce": nonce, "openid": openid}
        query["signature"] = _signature(token, timestamp, nonce)
        if self.crypto is None:
            return query, xml.encode()
        crypto = WeChatCrypto(token, self.args.aes_key, self.args.app_id)
        encrypted = crypto.encrypt_message(xml, nonce, timestamp)
        signature = xmltodict.parse(encrypted)["xml"]["MsgSignature"]
        return {**query, "encrypt_type": "aes", "msg_signature": signature}, encrypted.encode()

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/cgi-bin/token", self.token),
                Route("/cgi-bin/message/custom/send", self.custom_send, methods=["POST"]),
                Route("/cgi-bin/menu/create", self.menu_create, methods=["POST"]),
                Route("/control/post", self.post, methods=["POST"]),
                Route("/control/messages", self.messages),
                Route("/control/clock", self.clock, methods=["POST"]),
                Route("/control/expire-token", self.expire_token, methods=["POST"]),
                Route("/control/state", self.state),
            ]
        )


def _signature(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def _error(code: int, message: str) -> JSONResponse:
    return JSONResponse({"errcode": code, "errmsg": message})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--gateway", required=True, help="the gateway's URL")
    parser.add_argument("--token", required=True)
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--app-secret", required=True)
    parser.add_argument("--aes-key", help="EncodingAESKey: safe mode")
    parser.add_argument("--message-cap", type=int, default=5, help="replies per message")
    parser.add_argument("--event-cap", type=int, default=3, help="replies per event")
    args = parser.parse_args()
    uvicorn.run(WeChatServer(args).app(), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
