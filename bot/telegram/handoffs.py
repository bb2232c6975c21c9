"""A handoff on Telegram: announcing requests to workers, a worker taking over, handing back
and expiry. The rules live in `handoff.queue`; Rasa is paused and resumed over its HTTP API and
says what the resident hears outside the handoff (`trigger_intent`)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.app_database import AppDatabase
from bot.delivery import Chat
from bot.outbox_handoff import let_rasa_tell
from bot.rasa_client import BotMessage, RasaClient
from bot.telegram.texts import Texts
from catalog import queries
from handoff import context, queue, relaying, request_records, staff
from handoff.clock import utc_now
from handoff.settings import HandoffSettings

log = logging.getLogger(__name__)

CHANNEL = "telegram"
RECENT_TURNS = 6
OUTCOME_TEXTS = {
    "solved": "outcome_solved",
    "not_solved": "outcome_not_solved",
    "referred": "outcome_referred",
}
ChatFor = Callable[[int, str], Chat]  # chat id, sender id


class Handoffs:
    """The steps of a handoff that involve both a resident and workers."""

    def __init__(
        self,
        bot: Bot,
        db: AppDatabase,
        rasa: RasaClient,
        texts: Texts,
        settings: HandoffSettings,
        chat_for: ChatFor,
        workers_chat_id: int | None = None,
    ) -> None:
        self._bot = bot
        self.db = db
        self._rasa = rasa
        self.texts = texts
        self.settings = settings
        self._chat_for = chat_for
        self._workers_chat_id = workers_chat_id
        self._group_is_forum: bool | None = None

    async def note_chat(self, data: dict, chat_id: int) -> None:
        """Rasa's reply said which request this chat belongs to: keep it while the request is
        open, to reach the resident when a worker takes over."""
        if (request_id := relaying.opened_request(data)) is not None:
            await self.db.run(queue.register_chat, request_id, queue.Chat(CHANNEL, chat_id))

    async def look_at_queue(self) -> None:
        """Expire what waited too long, then announce what is due (run every few seconds)."""
        now = utc_now()
        local = ZoneInfo(self.settings.timezone)
        wait = dt.timedelta(minutes=self.settings.wait_minutes)
        for request in await self.db.run(
            queue.expire_due, now, wait, self.settings.opening_hours, local
        ):
            log.info("handoff_expired request=%d", request.id)
            await self._edit_notices(request, self.texts("expired_notice", number=request.id))
            await self.tell_resident(request, "handoff_expired")
        every = dt.timedelta(minutes=self.settings.reannounce_minutes)
        for request in await self.db.run(queue.due_for_announcement, now, every):
            await self._announce(request, now)

    async def take_over(
        self, request_id: int, worker: staff.Staff
    ) -> queue.Request | queue.ClaimRefusal:
        """`worker` claims a request: one owner, the resident told, the assistant paused."""
        result = await self.db.run(queue.claim, request_id, worker.id, utc_now())
        if isinstance(result, queue.ClaimRefusal):
            return result
        log.info("handoff_claimed request=%d worker=%d", request_id, worker.id)
        await self.tell_resident(result, "handoff_started", {"worker": worker.display_name})
        await self._rasa.pause(result.sender_id)
        await self._edit_notices(
            result, self.texts("claimed_notice", number=result.id, name=worker.display_name)
        )
        return result

    async def hand_back(
        self,
        request_id: int,
        *,
        closed_by: str,
        outcome: str | None = None,
    ) -> queue.Request | None:
        """End the handoff: the assistant answers again and offers to go on with the guide."""
        request = await self.db.run(
            queue.resolve, request_id, utc_now(), closed_by=closed_by, outcome=outcome
        )
        if request is None:
            return None
        log.info("handoff_resolved request=%d by=%s", request_id, closed_by)
        await self._rasa.resume(request.sender_id)
        await self.tell_resident(request, "handoff_ended")
        await self._edit_notices(request, self.texts("closed_notice", number=request.id))
        return request

    async def notify(
        self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        """A message to a worker; a worker who blocked the bot is logged, not retried."""
        try:
            await self._bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramError as error:
            log.warning("worker_not_reached error=%s", error)

    def outcome_buttons(self, request_id: int) -> InlineKeyboardMarkup:
        return inline_buttons(
            *(
                (self.texts(name), f"outcome:{request_id}:{key}")
                for key, name in OUTCOME_TEXTS.items()
            )
        )

    async def describe(self, request: queue.Request) -> str:
        """What the request is about, in one line (for lists)."""
        service = await self._service_name(request.service_slug)
        if service and request.step:
            return self.texts("doing", service=service, step=request.step)
        if service:
            return self.texts("doing_service", service=service)
        return self.texts(f"reason_{request.reason}")

    async def _announce(self, request: queue.Request, now: dt.datetime) -> None:
        text = await self._announcement(request, now)
        button = inline_buttons((self.texts("claim_button"), f"claim:{request.id}"))
        targets = await self._targets(request)
        log.info("handoff_announced request=%d targets=%d", request.id, len(targets))
        for chat_id, thread_id in targets:
            try:
                sent = await self._bot.send_message(
                    chat_id, text, reply_markup=button, message_thread_id=thread_id
                )
            except TelegramError as error:
                log.warning("announcement_failed request=%d error=%s", request.id, error)
                continue
            await self.db.run(
                request_records.add_notice, request.id, chat_id, sent.message_id, thread_id
            )

    async def _announcement(self, request: queue.Request, now: dt.datetime) -> str:
        waited = int((now - request.created_at).total_seconds() // 60)
        lines = [
            self.texts("announcement", number=request.id)
            if waited < self.settings.reannounce_minutes
            else self.texts("reannouncement", number=request.id, minutes=waited),
            self.texts(f"reason_{request.reason}"),
        ]
        if request.chat is not None and request.chat.channel != CHANNEL:
            lines[0] += self.texts(f"channel_{request.chat.channel}")
        if await self._service_name(request.service_slug):
            lines.append(await self.describe(request))
        if words := await self.db.run(request_records.stuck_words, request):
            lines.append(self.texts("stuck_words", words=words))
        lines += await self._recent(request.sender_id)
        return "\n".join(lines)

    async def _targets(self, request: queue.Request) -> list[tuple[int, int | None]]:
        """(chat, forum topic) to announce in: the workers' group, in the request's own topic
        when the group has topics; else each worker on duty, privately."""
        group = self._workers_chat_id
        if group is None:
            on_duty = await self.db.run(staff.on_duty)
            return [(w.telegram_user_id, None) for w in on_duty if w.telegram_user_id]
        topic = await self.db.run(request_records.topic_of, request.id, group)
        if topic is None and await self._group_has_topics():
            try:
                what = await self.describe(request)
                name = self.texts("topic_name", number=request.id, what=what)
                topic = (await self._bot.create_forum_topic(group, name)).message_thread_id
            except TelegramError as error:  # e.g. the bot may not manage topics
                log.warning("topic_not_created request=%d error=%s", request.id, error)
        return [(group, topic)]

    async def _group_has_topics(self) -> bool:
        if self._group_is_forum is None:
            try:
                chat = await self._bot.get_chat(self._workers_chat_id)
                self._group_is_forum = bool(chat.is_forum)
            except TelegramError as error:
                log.warning("workers_group_unknown error=%s", error)
                return False
        return self._group_is_forum

    async def _recent(self, sender_id: str) -> list[str]:
        try:
            events = await self._rasa.events(sender_id)
        except Exception as error:  # the announcement matters more than its history
            log.warning("history_unavailable error=%s", error)
            return []
        turns = context.recent_turns(events, RECENT_TURNS)
        if not turns:
            return []
        return [self.texts("recent_title")] + [
            self.texts(f"{turn.author}_line", text=turn.text) for turn in turns
        ]

    async def tell_resident(
        self, request: queue.Request, intent: str, entities: dict[str, str] | None = None
    ) -> None:
        """Let Rasa say what happened in the resident's chat, or through the outbox for the
        gateway of the resident's channel."""
        await let_rasa_tell(self.db, self._rasa, CHANNEL, self.answer, request, intent, entities)

    async def answer(self, chat: queue.Chat, sender: str, replies: list[BotMessage]) -> None:
        """Rasa's replies for a resident on Telegram."""
        await self._chat_for(chat.chat_id, sender).answer(replies)

    async def _edit_notices(self, request: queue.Request, text: str) -> None:
        for chat_id, message_id in await self.db.run(request_records.notices, request.id):
            try:
                await self._bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
            except TelegramError as error:  # already edited, or deleted by the worker
                log.debug("notice_not_edited request=%d error=%s", request.id, error)

    async def _service_name(self, slug: str | None) -> str | None:
        if slug is None:
            return None
        return await self.db.read(queries.service_name, slug)


def inline_buttons(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    """Inline buttons from (title, callback data), one per row."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(title, callback_data=data)] for title, data in buttons]
    )
