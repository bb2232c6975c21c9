"""Sending the assistant's answers to one WeChat resident as customer-service messages."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from bot.delivery import NotDelivered
from bot.notices import Notices
from bot.rasa_client import BotMessage
from bot.recipient_chat import RecipientChat
from bot.wechat.api import WeChatApi, WeChatError
from bot.wechat.rendering import Outgoing, plan
from bot.wechat.tokens import TokenUnavailable

log = logging.getLogger(__name__)


# A reply's custom data, with the openid of the resident it came for.
OnData = Callable[[dict[str, Any], str], Awaitable[None]]


class WeChatChat(RecipientChat):
    """The `Chat` of a delivery: one follower of the account, by openid (never logged)."""

    def __init__(
        self,
        api: WeChatApi,
        openid: str,
        sender_id: str,
        notices: Notices,
        on_data: OnData | None = None,
    ) -> None:
        self._api, self._recipient, self._sender_id = api, openid, sender_id
        self._notices = notices
        self._on_data = on_data

    async def say(self, text: str) -> None:
        """One of the gateway's own notices; a refusal is logged, the notice is not kept."""
        try:
            await self._api.send(Outgoing(text).body(self._recipient))
        except (WeChatError, TokenUnavailable, httpx.HTTPError) as error:
            log.warning("notice_not_sent sender=%s reason=%s", self._sender_id, error)

    async def pass_on(self, text: str) -> None:
        """Words from the workers' side, sent as the assistant's are (`NotDelivered` alike)."""
        await self.answer([BotMessage(text)])

    async def answer(self, replies: list[BotMessage]) -> None:
        """Send `replies` as few messages; `NotDelivered` when WeChat refuses one (the turn
        stays kept and is delivered again at the next start). Data attached to a reply (not
        shown) goes to `on_data`."""
        if self._on_data is not None:
            for reply in replies:
                if reply.custom:
                    await self._on_data(reply.custom, self._recipient)
        for message in plan(replies):
            try:
                await self._api.send(message.body(self._recipient))
            except (WeChatError, TokenUnavailable, httpx.HTTPError) as error:
                raise NotDelivered(str(error) or type(error).__name__) from error
