"""The few calls of WeChat's API the gateway makes: the access token, customer-service messages
and the custom menu. A call refused with an expired or invalid token renews it and is tried once
more; any other refusal is raised with WeChat's code."""

from __future__ import annotations

import json
from typing import Any

import httpx

from bot.app_database import AppDatabase
from bot.wechat.tokens import SharedToken

TOKEN_REJECTED = {40001, 40014, 42001}  # invalid credential, invalid token, token expired


class WeChatError(Exception):
    """WeChat refused a call: `code` is its errcode (45015 out of the 48-hour window, 45047
    too many messages, …)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"errcode={code} errmsg={message}")
        self.code = code


class WeChatApi:
    """Calls of one account at `base_url` (WeChat's, or the emulator in tests)."""

    def __init__(
        self, base_url: str, app_id: str, app_secret: str, db: AppDatabase, timeout: float = 10
    ) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout)
        self._app_id, self._app_secret = app_id, app_secret
        self.token = SharedToken(db, f"wechat:{app_id}", self._fetch_token)

    async def send(self, body: dict[str, Any]) -> None:
        """One customer-service message (`Outgoing.body`)."""
        await self._post("/cgi-bin/message/custom/send", body)

    async def create_menu(self, body: dict[str, Any]) -> None:
        """Replace the account's custom menu."""
        await self._post("/cgi-bin/menu/create", body)

    async def close(self) -> None:
        await self._http.aclose()

    async def _post(self, path: str, body: dict[str, Any]) -> None:
        token = await self.token.get()
        try:
            await self._call(path, token, body)
        except WeChatError as error:
            if error.code not in TOKEN_REJECTED:
                raise
            await self._call(path, await self.token.renew(token), body)

    async def _call(self, path: str, token: str, body: dict[str, Any]) -> None:
        response = await self._http.post(
            path,
            params={"access_token": token},
            content=json.dumps(body, ensure_ascii=False).encode(),  # WeChat shows \u escapes
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        _checked(response)

    async def _fetch_token(self) -> tuple[str, int]:
        response = await self._http.get(
            "/cgi-bin/token",
            params={
                "grant_type": "client_credential",
                "appid": self._app_id,
                "secret": self._app_secret,
            },
        )
        data = _checked(response)
        return str(data["access_token"]), int(data.get("expires_in", 7200))


def _checked(response: httpx.Response) -> dict[str, Any]:
    response.raise_for_status()
    data = response.json()
    code = int(data.get("errcode") or 0)
    if code:
        raise WeChatError(code, str(data.get("errmsg", "")))
    return data
