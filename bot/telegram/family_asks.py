"""问家人 on Telegram (the gateway's part: `bot.family_asks`): a helper here is shown the
request with inline buttons (我来帮, 请社区工作人员帮; then 帮完了), which never mix with their own
conversation with the assistant; while they help, `Relay` carries the talk.

The gateways of other channels reach people on Telegram through the outbox: a request shown
to a helper here, a helper's words for a resident here, Rasa's replies to a resident here
(after a helper elsewhere took, passed or ended the talk, or a family member elsewhere named
themselves), all delivered from here."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.family_asks import FamilyAsks
from bot.notices import FamilyWords
from bot.rasa_client import BotMessage, RasaClient
from bot.telegram.handoffs import CHANNEL, Handoffs, inline_buttons
from bot.telegram.sender_ids import sender_id
from handoff import outbox, queue
from handoff.clock import utc_now
from handoff.queue import Chat

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
BUTTONS = r"^fam(help|pass|done):\d+$"


class TelegramFamilyAsks:
    """The helpers' buttons on Telegram, and the letters for people here."""

    def __init__(
        self,
        handoffs: Handoffs,
        rasa: RasaClient,
        words: FamilyWords,
        sender_key: bytes,
    ) -> None:
        self._handoffs, self._db, self._sender_key = handoffs, handoffs.db, sender_key
        self.asks = FamilyAsks(handoffs.db, rasa, words, CHANNEL, handoffs.answer, self.show)

    async def button(self, update: Update, context: Context) -> None:
        """famhelp:N (I will help), fampass:N (ask the workers), famdone:N (done helping)."""
        query, user, chat = update.callback_query, update.effective_user, update.effective_chat
        await query.answer()
        try:
            await query.edit_message_reply_markup(None)
        except TelegramError as error:  # the message is too old to edit
            log.debug("family_buttons_kept error=%s", error)
        helper = sender_id(user.id, self._sender_key)
        replies = await self.asks.tapped(query.data, helper) or []
        await self.show(Chat(CHANNEL, chat.id), helper, replies)
        raise ApplicationHandlerStop

    async def show(self, chat: Chat, _sender: str, replies: list[BotMessage]) -> None:
        """Words for a helper here, each with its buttons inline."""
        for reply in replies:
            buttons = [(button.title, button.payload) for button in reply.buttons]
            markup = inline_buttons(*buttons) if buttons else None
            await self._handoffs.notify(chat.chat_id, reply.text, markup)

    async def deliver_letters(self) -> None:
        """What other channels' gateways left for people on Telegram (run every few seconds):
        words and buttons for a helper, Rasa's replies for a resident (the sender is the
        request's, else the private chat's), a helper's words for a resident."""
        for letter in await self._db.run(outbox.take, outbox.RESIDENT, utc_now(), CHANNEL):
            chat = letter.chat
            if chat is None or chat.chat_id is None:
                continue
            replies = [BotMessage.from_rest(reply) for reply in letter.replies]
            if letter.kind == outbox.HELPER:
                await self.show(chat, "", replies)
            elif letter.kind == outbox.REPLIES:
                try:
                    await self._handoffs.answer(chat, await self._resident(letter), replies)
                except TelegramError as error:  # blocked, or the chat is gone
                    log.warning("letter_not_delivered kind=%s error=%s", letter.kind, error)
            elif letter.text:
                await self._handoffs.notify(chat.chat_id, letter.text)

    async def _resident(self, letter: outbox.Letter) -> str:
        """The resident's sender id: the request's, else the private chat's (whose id is the
        user's)."""
        if letter.request_id and (request := await self._db.run(queue.get, letter.request_id)):
            return request.sender_id
        return sender_id(letter.chat.chat_id, self._sender_key)
