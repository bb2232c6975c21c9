"""Family helpers on Telegram, the family member's side (the channel-free part:
`bot/family_linking.py`): a resident's code typed or opened from a link (t.me/<bot>?start=f_<code>),
who they are by a button or typed, leaving, and the resident's answer told to them. Their
messages here are buttons under the bot's own messages (inline), never reply keyboards, so
they never mix with their own conversation with the assistant."""

from __future__ import annotations

import logging

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.family_linking import FamilyLinking
from bot.rasa_client import BotMessage
from bot.telegram.handoffs import CHANNEL, inline_buttons
from bot.telegram.sender_ids import sender_id
from family.links import LINK_PREFIX, Helper
from handoff.queue import Chat

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
LINK = rf"^/start(@\w+)?\s+{LINK_PREFIX}"  # the link a resident sent: t.me/<bot>?start=f_<code>


class FamilyHelpers:
    """Handlers of a family member's messages and buttons, and their news."""

    def __init__(self, linking: FamilyLinking, sender_key: bytes) -> None:
        self._linking, self._sender_key = linking, sender_key

    async def deep_link(self, update: Update, context: Context) -> None:
        """/start f_CODE from the link the resident sent; a forged or used one is refused."""
        code = (context.args or [""])[0].removeprefix(LINK_PREFIX)
        replies = await self._linking.open(code, self._helper(update))
        await self._send(context.bot, update.effective_chat.id, replies or self._linking.unknown())
        raise ApplicationHandlerStop

    async def message(self, update: Update, context: Context) -> None:
        """A code typed, or who they are typed; anything else goes on."""
        text = update.effective_message.text or ""
        replies = await self._linking.heard(text.strip(), self._helper(update), typed=True)
        if replies is not None:
            await self._send(context.bot, update.effective_chat.id, replies)
            raise ApplicationHandlerStop

    async def button(self, update: Update, context: Context) -> None:
        """famrel:… (who they are) and famleave:…; the buttons go once tapped."""
        query = update.callback_query
        await query.answer()
        replies = await self._linking.heard(query.data, self._helper(update), typed=False)
        try:
            await query.edit_message_reply_markup(None)
        except TelegramError as error:  # the message is too old to edit
            log.debug("family_buttons_kept error=%s", error)
        await self._send(context.bot, update.effective_chat.id, replies or [])
        raise ApplicationHandlerStop

    async def tell_news(self, bot: Bot) -> None:
        """The residents' answers, to their family members here (run every few seconds)."""
        for chat, _, replies in await self._linking.news():
            await self._send(bot, chat.chat_id, replies)

    def _helper(self, update: Update) -> Helper:
        user, chat = update.effective_user, update.effective_chat
        return Helper(sender_id(user.id, self._sender_key), Chat(CHANNEL, chat.id))

    @staticmethod
    async def _send(bot: Bot, chat_id: int | None, replies: list[BotMessage]) -> None:
        for reply in replies:
            markup = inline_buttons(*((b.title, b.payload) for b in reply.buttons))
            try:
                await bot.send_message(chat_id, reply.text, reply_markup=markup)
            except TelegramError as error:  # blocked, or the chat is gone
                log.warning("family_not_sent error=%s", error)
