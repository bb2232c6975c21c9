"""Small handlers, one per kind of update: each turns a resident's message into a turn for Rasa."""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.delivery import Chat, Delivery, Turn
from bot.notices import Notices
from bot.telegram.choices import ChoiceMemory
from bot.telegram.incoming import (
    EMPTY_PAYLOAD,
    command_words,
    is_addressed,
    media_payload,
    metadata,
    without_mention,
)
from bot.telegram.sender_ids import sender_id
from bot.telegram.throttle import Throttle, Verdict

log = logging.getLogger(__name__)

COMMAND_PAYLOADS = {"start": "/welcome", "help": "/help", "menu": "/show_menu"}
UNKNOWN_COMMAND_PAYLOAD = "/help"

Context = ContextTypes.DEFAULT_TYPE
ChatFor = Callable[[int, str, int | None], Chat]  # chat id, sender id, message to quote


class Handlers:
    """The gateway's handlers, with what they share given at construction (no globals)."""

    def __init__(
        self,
        sender_key: bytes,
        delivery: Delivery,
        throttle: Throttle,
        choices: ChoiceMemory,
        notices: Notices,
        chat_for: ChatFor,
    ) -> None:
        self._sender_key = sender_key
        self._delivery = delivery
        self._throttle = throttle
        self._choices = choices
        self._notices = notices
        self._chat_for = chat_for

    async def command(self, update: Update, context: Context) -> None:
        """/start, /help, /menu, and (in private chats) any other command."""
        message = update.effective_message
        if message is None or not message.text:
            return
        name, _ = command_words(message.text)
        await self._forward(update, context, COMMAND_PAYLOADS.get(name, UNKNOWN_COMMAND_PAYLOAD))

    async def text(self, update: Update, context: Context) -> None:
        """Typed text (also edited or forwarded): a tapped button's title becomes its payload."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not message.text:
            return
        payload = await self._choices.resolve(self._sender(user.id), message.text)
        if payload != message.text:
            await self._forward(update, context, payload)
        elif is_addressed(message, context.bot.bot):
            text = without_mention(message.text, context.bot.bot)
            await self._forward(update, context, text or EMPTY_PAYLOAD)

    async def media(self, update: Update, context: Context) -> None:
        """Voice, stickers, photos, files, contacts, locations…: Rasa answers each kindly."""
        message = update.effective_message
        if message is not None and is_addressed(message, context.bot.bot):
            await self._forward(update, context, media_payload(message))

    async def button(self, update: Update, context: Context) -> None:
        """A tapped inline button: stop its spinner and send its data as the payload."""
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        if query.data:
            await self._forward(update, context, query.data)

    async def error(self, update: object, context: Context) -> None:
        """Log a failed update (masked, no ids) and apologise to the resident it came from."""
        sender = None
        if isinstance(update, Update) and update.effective_user:
            sender = self._sender(update.effective_user.id)
        log.error(
            "update_failed sender=%s error=%s",
            sender,
            type(context.error).__name__,
            exc_info=context.error,
        )
        if isinstance(update, Update) and update.effective_chat and sender:
            try:
                await context.bot.send_message(update.effective_chat.id, self._notices.sorry)
            except TelegramError as error:
                log.warning("apology_failed sender=%s error=%s", sender, error)

    async def _forward(self, update: Update, context: Context, text: str) -> None:
        user, chat, message = update.effective_user, update.effective_chat, update.effective_message
        if user is None or chat is None:
            return
        sender = self._sender(user.id)
        verdict = self._throttle.check(sender)
        if verdict is not Verdict.ALLOW:
            log.warning("throttled sender=%s", sender)
            if verdict is Verdict.REFUSE_AND_TELL:
                await context.bot.send_message(chat.id, self._notices.throttled)
            return
        in_group = chat.type != ChatType.PRIVATE
        log.info("received sender=%s chat_type=%s length=%d", sender, chat.type, len(text))
        accepted = await self._delivery.submit(
            Turn(
                sender_id=sender,
                text=text,
                chat=self._chat_for(
                    chat.id, sender, message.message_id if in_group and message else None
                ),
                metadata=metadata(update),
            )
        )
        if not accepted:
            await context.bot.send_message(chat.id, self._notices.busy)

    def _sender(self, telegram_user_id: int) -> str:
        return sender_id(telegram_user_id, self._sender_key)
