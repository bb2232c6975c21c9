"""Guided sessions and classes on Telegram (the rules: `teaching/`): the commands and buttons of
both, routed to `SessionHandlers` and `ClassHandlers`, which share `TeachingTools`."""

from __future__ import annotations

from typing import Any

from telegram import Bot, Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram.class_handlers import ClassHandlers
from bot.telegram.incoming import command_words
from bot.telegram.session_handlers import LINK, SESSION_CODE, SESSION_OUTCOMES, SessionHandlers
from bot.telegram.teaching_tools import TeachingTools
from handoff import staff

Context = ContextTypes.DEFAULT_TYPE
TEACHING_COMMANDS = ("session", "end", "class", "next", "endclass")
__all__ = ["LINK", "SESSION_CODE", "SESSION_OUTCOMES", "TEACHING_COMMANDS", "Teaching"]


class Teaching:
    """Handlers of sessions and classes, for workers and the residents they teach."""

    def __init__(self, tools: TeachingTools) -> None:
        self._tools = tools
        self.sessions = SessionHandlers(self._tools)
        self.classes = ClassHandlers(self._tools, self.sessions)
        self._commands = {
            "session": self.sessions.session,
            "end": self.sessions.end,
            "class": self.classes.class_,
            "next": self.classes.next_,
            "endclass": self.classes.endclass,
        }

    async def command(self, update: Update, context: Context) -> None:
        """A teaching command; for staff only."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not message.text:
            return
        name, words = command_words(message.text)
        worker = await self._tools.db.run(staff.by_telegram_user, user.id)
        if worker is None or not worker.handles_requests:
            await message.reply_text(self._tools.texts("staff_only"))
        else:
            await self._commands[name](update, context, worker, words)
        raise ApplicationHandlerStop

    async def deep_link(self, update: Update, context: Context) -> None:
        await self.sessions.deep_link(update, context)

    async def typed_code(self, update: Update, context: Context) -> None:
        await self.sessions.typed_code(update, context)

    async def progress(self, data: dict[str, Any], resident: str, bot: Bot) -> None:
        await self.sessions.progress(data, resident, bot)

    async def deliver_letters(self, bot: Bot) -> None:
        """What gateways of other channels left for workers, of sessions and of classes."""
        await self.sessions.deliver_letters(bot)
        await self.classes.deliver_letters(bot)

    async def button(self, update: Update, context: Context) -> None:
        """consent:… and class:… from residents; pick:…, sesout:… and cls:… from workers."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None or not query.data:
            return
        kind, *parts = query.data.split(":")
        if kind == "consent":
            await self.sessions.consent(update, context, int(parts[0]), parts[1] == "yes")
        elif kind == "class":
            await self.classes.member_answer(
                update, context, int(parts[0]), int(parts[1]), parts[2]
            )
        else:
            worker = await self._tools.db.run(staff.by_telegram_user, user.id)
            if worker is None or not worker.handles_requests:
                await query.answer(self._tools.texts("staff_only"), show_alert=True)
                raise ApplicationHandlerStop
            await query.answer()
            await self._worker_button(update, context, worker, kind, parts)
        raise ApplicationHandlerStop

    async def _worker_button(
        self, update: Update, context: Context, worker: staff.Staff, kind: str, parts: list[str]
    ) -> None:
        if kind == "pick":  # pick:<s|c>:<session id | group chat id>:<category, back or slug>
            target = int(parts[1])
            slug = await self._tools.pick(update, parts[0], target, parts[2])
            if slug is not None and parts[0] == "s":
                await self.sessions.start_guide(target, slug, await self._tools.total_steps(slug))
            elif slug is not None:
                await self.classes.start(context.bot, worker, target, slug)
        elif kind == "sesout":
            await self.sessions.record_outcome(update, int(parts[0]), parts[1])
        elif kind == "cls":
            await self.classes.panel_button(update, context, worker, parts[0], int(parts[1]))
