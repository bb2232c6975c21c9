"""A gateway's part in reminders (the rules: `reminders.book`), the same on every channel: the
reply that set a reminder says where the resident is; on its regular look the gateway claims
the notices of its own channel's residents that are due, lets Rasa say them (`trigger_intent
reminder_due`) and sends them. A notice for a resident's family helper on this channel is said
in the helper's own conversation (`family_reminder_due`). A notice the channel refuses (a
resident who blocked the bot, one out of WeChat's window) is counted and tried again later,
never dropped; one whose chat is gone for good (a web conversation cleared) is counted and its
reminder cancelled."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.app_database import AppDatabase
from bot.delivery import NotDelivered
from bot.rasa_client import BotMessage, RasaClient
from handoff.clock import utc_now
from handoff.queue import Chat
from reminders import book
from reminders.schedule import Daytime
from reminders.settings import ReminderSettings

log = logging.getLogger(__name__)

Send = Callable[[Chat, str, list[BotMessage]], Awaitable[None]]  # raises NotDelivered


class ChatGone(NotDelivered):
    """The resident's chat no longer exists and never will again (a web conversation cleared
    with 换一个人用): no later try could reach them."""


class ReminderNotices:
    """Noting where residents who set a reminder are; sending this channel's due notices."""

    def __init__(
        self,
        db: AppDatabase,
        rasa: RasaClient,
        channel: str,
        send: Send,
        settings: ReminderSettings,
    ) -> None:
        self._db, self._rasa, self._channel, self._send = db, rasa, channel, send
        self._daytime = Daytime.parse(settings.daytime, settings.timezone)
        self._retry = dt.timedelta(minutes=settings.retry_minutes)

    async def note_chat(self, data: dict[str, Any], chat: Chat) -> None:
        """Rasa set a reminder: keep where the resident is, to remind them there."""
        reminder = data.get("reminder")
        if isinstance(reminder, dict) and isinstance(reminder.get("id"), int):
            await self._db.run(book.register_chat, reminder["id"], chat)

    async def look(self) -> None:
        """Send the notices due now (run every few seconds; at night none are due)."""
        now = utc_now()
        for due in await self._db.run(book.due, now, self._channel, self._daytime):
            reminder, helper = due.reminder, due.helper
            sender, chat, intent = reminder.sender_id, reminder.chat, "reminder_due"
            if helper is not None:
                sender, chat = helper.helper_sender_id, helper.helper_chat
                intent = "family_reminder_due"
            if chat is None or sender is None:
                continue
            replies = await self._rasa.trigger(sender, intent, {"reminder": str(reminder.id)})
            try:
                await self._send(chat, sender, replies)
            except ChatGone:
                log.warning("reminder_chat_gone notice=%d", due.notice_id)
                await self._db.run(book.unreachable, due.notice_id)
                continue
            except NotDelivered as error:
                log.warning("reminder_not_delivered notice=%d error=%s", due.notice_id, error)
                await self._db.run(book.failed, due.notice_id, now, self._retry)
                continue
            log.info("reminder_sent notice=%d days_before=%d", due.notice_id, due.days_before)
            await self._db.run(book.sent, due.notice_id, utc_now())
