"""Sending the assistant's answers to one resident in one Telegram chat."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from telegram import Bot, ReplyKeyboardMarkup, ReplyParameters
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError

from bot.notices import Notices
from bot.pending import Address
from bot.rasa_client import BotMessage
from bot.replies import offered_buttons
from bot.telegram.choices import ChoiceMemory
from bot.telegram.rendering import Outgoing, keyboard, plan

log = logging.getLogger(__name__)

TYPING_REFRESH = 4.0  # seconds; Telegram shows "typing…" for about five
# A reply's custom data, with the chat and the resident it came for.
OnData = Callable[[dict[str, Any], int, str], Awaitable[None]]


class TelegramChat:
    """The `Chat` of a delivery: one resident in one chat.

    In a group (`reply_to` set) answers quote the resident's message and the keyboard is shown
    to that resident only.
    """

    def __init__(
        self,
        bot: Bot,
        chat_id: int,
        sender_id: str,
        choices: ChoiceMemory,
        notices: Notices,
        reply_to: int | None = None,
        on_data: OnData | None = None,
    ) -> None:
        self._bot = bot
        self._chat_id = chat_id
        self._sender_id = sender_id
        self._choices = choices
        self._notices = notices
        self._reply_to = reply_to
        self._on_data = on_data

    @property
    def chat_id(self) -> int:
        return self._chat_id

    @property
    def reply_to(self) -> int | None:
        """The resident's message answers quote (in groups), if any."""
        return self._reply_to

    @property
    def address(self) -> Address:
        """Where this chat's answers go, as kept with a waiting turn."""
        return Address(chat_id=self._chat_id, reply_to=self._reply_to)

    @contextlib.asynccontextmanager
    async def typing(self) -> AsyncIterator[None]:
        """Show "typing…" until the context closes."""
        refresher = asyncio.create_task(self._keep_typing())
        try:
            yield
        finally:
            refresher.cancel()

    async def tell_to_wait(self) -> None:
        await self._send(Outgoing(text=self._notices.waiting))

    async def apologise(self) -> None:
        await self._send(Outgoing(text=self._notices.sorry))

    async def answer(self, replies: list[BotMessage]) -> None:
        """Send `replies`; their buttons, merged, become the keyboard under the last message.
        Data attached to a reply (not shown) goes to `on_data`."""
        if self._on_data is not None:
            for reply in replies:
                if reply.custom:
                    await self._on_data(reply.custom, self._chat_id, self._sender_id)
        messages = plan(replies)
        buttons = offered_buttons(replies)
        markup = None
        if buttons and messages:
            markup = keyboard(buttons, selective=self._reply_to is not None)
            await self._choices.remember(self._sender_id, buttons)
        for index, message in enumerate(messages, start=1):
            await self._send(message, markup if index == len(messages) else None)

    async def _send(self, message: Outgoing, markup: ReplyKeyboardMarkup | None = None) -> None:
        reply = (
            ReplyParameters(self._reply_to, allow_sending_without_reply=True)
            if self._reply_to
            else None
        )
        if message.photo:
            try:
                await self._bot.send_photo(
                    self._chat_id,
                    message.photo,
                    caption=message.text or None,
                    reply_markup=markup,
                    reply_parameters=reply,
                )
                return
            except BadRequest as error:  # an image Telegram cannot fetch: the words still count
                log.warning("photo_failed sender=%s error=%s", self._sender_id, error)
                if not message.text:
                    return
        await self._bot.send_message(
            self._chat_id, message.text, reply_markup=markup, reply_parameters=reply
        )

    async def _keep_typing(self) -> None:
        while True:
            try:
                await self._bot.send_chat_action(self._chat_id, ChatAction.TYPING)
            except TelegramError as error:  # cosmetic: never worth failing an answer for
                log.debug("typing_failed sender=%s error=%s", self._sender_id, error)
            await asyncio.sleep(TYPING_REFRESH)
