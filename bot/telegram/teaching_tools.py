"""What the Telegram handlers of sessions and classes share: the app database, Rasa, the texts,
the residents' chats (a session's resident on another channel through the outbox), and the
service picker (inline buttons: a category, then its services)."""

from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.app_database import AppDatabase
from bot.notices import ClassWords, SessionWords
from bot.rasa_client import BotMessage, RasaClient
from bot.telegram.handoffs import CHANNEL, ChatFor, inline_buttons
from bot.telegram.texts import Texts
from catalog import queries
from handoff import staff
from handoff.queue import Chat
from teaching import class_letters, letters

log = logging.getLogger(__name__)


class TeachingTools:
    """Collaborators and small helpers of `SessionHandlers` and `ClassHandlers`."""

    def __init__(
        self,
        db: AppDatabase,
        rasa: RasaClient,
        texts: Texts,
        words: SessionWords,
        class_words: ClassWords,
        chat_for: ChatFor,
        sender_key: bytes,
    ) -> None:
        self.db = db
        self.rasa = rasa
        self.texts = texts
        self.words = words
        self.class_words = class_words
        self.chat_for = chat_for
        self.sender_key = sender_key

    async def notify(
        self, bot: Bot, chat_id: int | None, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        """A message to a worker, a group or a resident; one that cannot be sent is logged."""
        if chat_id is None:
            return
        try:
            await bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramError as error:
            log.warning("not_sent error=%s", error)

    async def send_recap(
        self,
        resident: str,
        chat: Chat,
        slug: str,
        worker: staff.Staff,
        session_id: int | None = None,
        class_id: int | None = None,
    ) -> None:
        """Every step of what was learned, from Rasa (its words live in domain.yml)."""
        try:
            replies = await self.rasa.trigger(
                resident, "practice_recap", {"service": slug, "worker": worker.display_name}
            )
            await self.answer(chat, resident, replies, session_id, class_id)
        except Exception as error:  # a member who never opened the bot cannot be written to
            log.warning("recap_not_sent error=%s", type(error).__name__)

    async def answer(
        self,
        chat: Chat,
        resident: str,
        replies: list[BotMessage],
        session_id: int | None = None,
        class_id: int | None = None,
    ) -> None:
        """Rasa's replies in the resident's Telegram chat, or, for a session's resident or a
        class's member on another channel, through the outbox for that channel's gateway."""
        rest = [reply.as_rest() for reply in replies]
        if chat.channel == CHANNEL and chat.chat_id is not None:
            await self.chat_for(chat.chat_id, resident).answer(replies)
        elif session_id is not None:
            await self.db.run(letters.replies_to_resident, session_id, chat, rest)
        elif class_id is not None:
            await self.db.run(class_letters.replies_to_member, class_id, chat, rest)

    async def categories(self, kind: str, target: int) -> InlineKeyboardMarkup:
        """The picker's first level: pick:<kind>:<target>:c<category id>."""
        categories = await self.db.read(queries.categories_with_services)
        return inline_buttons(*((c.name, f"pick:{kind}:{target}:c{c.id}") for c in categories))

    async def pick(self, update: Update, kind: str, target: int, choice: str) -> str | None:
        """Move through the picker; the service's slug once one is chosen."""
        query = update.callback_query
        if choice == "back":
            await query.edit_message_reply_markup(await self.categories(kind, target))
            return None
        if choice.startswith("c") and choice[1:].isdigit():
            services = await self._services(kind, target, int(choice[1:]))
            await query.edit_message_reply_markup(services)
            return None
        service = await self.db.read(queries.service_by_slug, choice)
        if service is None:
            return None
        await query.edit_message_text(self.texts("picked", service=service.name))
        return choice

    async def total_steps(self, slug: str) -> int:
        return len((await self.db.read(queries.service_by_slug, slug)).steps)

    async def _services(self, kind: str, target: int, category_id: int) -> InlineKeyboardMarkup:
        categories = await self.db.read(queries.categories_with_services)
        category = next(c for c in categories if c.id == category_id)
        choices = [(s.name, f"pick:{kind}:{target}:{s.slug}") for s in category.services]
        return inline_buttons(*choices, (self.texts("pick_back"), f"pick:{kind}:{target}:back"))
