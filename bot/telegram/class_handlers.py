"""A worker teaching a group on Telegram (the rules: `teaching.classes`).

`/class` in a group; steps are posted there at the worker's pace (`/next`, or the worker's
private panel), members answer 我做好了 / 我卡住了, the panel shows the tally, edited in place,
with a nudge or a one-to-one session for a stuck member; late joiners get the steps so far.
`/endclass` sends each member every step privately.
"""

from __future__ import annotations

import logging

from telegram import Bot, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.handoffs import CHANNEL, inline_buttons
from bot.telegram.sender_ids import sender_id
from bot.telegram.session_handlers import SessionHandlers
from bot.telegram.teaching_tools import TeachingTools
from catalog import queries
from handoff import staff
from handoff.clock import utc_now
from handoff.queue import Chat
from teaching import classes, sessions

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


class ClassHandlers:
    """Commands and buttons of classes, for the worker and the members."""

    def __init__(self, tools: TeachingTools, one_to_one: SessionHandlers) -> None:
        self._tools = tools
        self._db, self._texts = tools.db, tools.texts
        self._one_to_one = one_to_one

    async def start(self, bot: Bot, worker: staff.Staff, chat_id: int, slug: str) -> None:
        """The service is picked: step 1 in the group, the panel for the worker."""
        total = await self._tools.total_steps(slug)
        taught = await self._db.run(classes.start, worker.id, chat_id, slug, total)
        await self.post_step(bot, taught)
        await self.show_panel(bot, taught, worker, new=True)

    async def class_(self, update: Update, context: Context, worker: staff.Staff, _) -> None:
        chat = update.effective_chat
        if chat is None or chat.type == ChatType.PRIVATE:
            await update.effective_message.reply_text(self._texts("class_in_group_only"))
            return
        await self._tools.notify(
            context.bot,
            worker.telegram_user_id,
            self._texts("class_pick"),
            await self._tools.categories("c", chat.id),
        )

    async def next_(self, update: Update, context: Context, worker: staff.Staff, _) -> None:
        taught = await self._db.run(classes.running_for_worker, worker.id)
        if taught is None:
            await update.effective_message.reply_text(self._texts("no_class"))
            return
        await self._next_step(context.bot, taught, worker)

    async def endclass(self, update: Update, context: Context, worker: staff.Staff, _) -> None:
        taught = await self._db.run(classes.running_for_worker, worker.id)
        if taught is None:
            await update.effective_message.reply_text(self._texts("no_class"))
            return
        await self._end_class(context.bot, taught, worker)

    async def post_step(self, bot: Bot, taught: classes.ClassView) -> None:
        service = await self._db.read(queries.service_by_slug, taught.service_slug)
        text = self._texts(
            "class_step",
            service=service.name,
            step=taught.step,
            total=taught.total_steps,
            instruction=service.steps[taught.step - 1].text,
        )
        answers = [
            (self._texts("class_done_button"), f"class:{taught.id}:{taught.step}:done"),
            (self._texts("class_stuck_button"), f"class:{taught.id}:{taught.step}:stuck"),
        ]
        if taught.step > 1:
            answers.append(
                (
                    self._texts("class_catchup_button"),
                    f"class:{taught.id}:{taught.step}:catchup",
                )
            )
        await self._tools.notify(bot, taught.chat_id, text, inline_buttons(*answers))

    async def member_answer(
        self, update: Update, context: Context, class_id: int, step: int, answer: str
    ) -> None:
        query, user = update.callback_query, update.effective_user
        taught = await self._db.run(classes.get, class_id)
        if taught is None or taught.status != "active":
            await query.answer()
            return
        if answer == "catchup":
            sent = await self._catch_up(context.bot, user.id, taught, step)
            await query.answer(
                self._texts("class_catchup_sent" if sent else "class_catchup_private_needed"),
                show_alert=not sent,
            )
            return
        resident = sender_id(user.id, self._tools.sender_key)
        answered = await self._db.run(
            classes.answer,
            class_id,
            step=step,
            answer=answer,
            sender_id=resident,
            telegram_user_id=user.id,
            name=user.first_name,
        )
        worker = await self._db.run(staff.by_id, taught.worker_id)
        toast = "class_done_toast" if answer == "done" else "class_stuck_toast"
        await query.answer(self._texts(toast, worker=worker.display_name))
        if answered is not None and answered[1] and taught.step > 1:  # a late joiner
            await self._catch_up(context.bot, user.id, taught, taught.step)
        await self.show_panel(context.bot, taught, worker)

    async def _catch_up(self, bot: Bot, user_id: int, taught: classes.ClassView, step: int) -> bool:
        """The steps before `step`, privately; False if the member never opened the bot."""
        service = await self._db.read(queries.service_by_slug, taught.service_slug)
        lines = [self._texts("class_catchup_title", service=service.name)] + [
            f"{s.position}. {s.text}" for s in service.steps[: step - 1]
        ]
        try:
            await bot.send_message(user_id, "\n".join(lines))
        except TelegramError:
            return False
        return True

    async def show_panel(
        self, bot: Bot, taught: classes.ClassView, worker: staff.Staff, new: bool = False
    ) -> None:
        """The worker's private panel: the tally of the current step, edited in place."""
        taught = await self._db.run(classes.get, taught.id)
        tally = await self._db.run(classes.tally, taught.id)
        service_name = await self._db.read(queries.service_name, taught.service_slug)
        lines = [
            self._texts("class_panel", service=service_name, step=tally.step, total=tally.total)
        ]
        for key, members in (
            ("done", tally.done),
            ("stuck", tally.stuck),
            ("waiting", tally.waiting),
        ):
            names = "、".join(m.name for m in members)
            lines.append(self._texts(f"class_panel_{key}", count=len(members), names=names))
        buttons = [
            (self._texts("class_next_button"), f"cls:next:{taught.id}"),
            (self._texts("class_end_button"), f"cls:end:{taught.id}"),
        ]
        for member in tally.stuck:
            buttons.append(
                (
                    self._texts("class_nudge_button", name=member.name),
                    f"cls:nudge:{member.id}",
                )
            )
            buttons.append(
                (self._texts("class_solo_button", name=member.name), f"cls:solo:{member.id}")
            )
        markup = inline_buttons(*buttons)
        text = "\n".join(lines)
        if new or taught.panel_message_id is None:
            sent = await bot.send_message(worker.telegram_user_id, text, reply_markup=markup)
            await self._db.run(classes.set_panel, taught.id, sent.message_id)
            return
        try:
            await bot.edit_message_text(
                text,
                chat_id=worker.telegram_user_id,
                message_id=taught.panel_message_id,
                reply_markup=markup,
            )
        except TelegramError as error:  # "message is not modified" when nothing changed
            log.debug("panel_not_edited class=%d error=%s", taught.id, error)

    async def panel_button(
        self, update: Update, context: Context, worker: staff.Staff, action: str, target: int
    ) -> None:
        bot = context.bot
        if action in ("next", "end"):
            taught = await self._db.run(classes.get, target)
            if taught is None or taught.status != "active":
                return
            if action == "next":
                await self._next_step(bot, taught, worker)
            else:
                await self._end_class(bot, taught, worker)
            return
        member = await self._db.run(classes.member, target)
        if member is None or member.telegram_user_id is None:
            return
        taught = await self._db.run(classes.running_for_worker, worker.id)
        if action == "nudge" and taught is not None:
            text = self._texts("class_nudge", worker=worker.display_name, step=taught.step)
            await self._tools.notify(bot, member.telegram_user_id, text)
            await self._tools.notify(
                bot, worker.telegram_user_id, self._texts("class_nudged", name=member.name)
            )
        elif action == "solo":
            guided = await self._db.run(
                sessions.invite_resident,
                worker.id,
                member.sender_id,
                Chat(CHANNEL, member.telegram_user_id),
            )
            await self._one_to_one.ask_consent(
                bot, member.telegram_user_id, guided.id, worker.display_name
            )

    async def _next_step(self, bot: Bot, taught: classes.ClassView, worker: staff.Staff) -> None:
        moved = await self._db.run(classes.advance, taught.id)
        if moved is None:
            await self._tools.notify(bot, worker.telegram_user_id, self._texts("class_last_step"))
            return
        await self.post_step(bot, moved)
        await self.show_panel(bot, moved, worker)

    async def _end_class(self, bot: Bot, taught: classes.ClassView, worker: staff.Staff) -> None:
        tally = await self._db.run(classes.tally, taught.id)
        members = await self._db.run(classes.end, taught.id, utc_now())
        stuck_ever = await self._db.run(classes.stuck_count, taught.id)
        for member in members:
            if member.telegram_user_id is not None:
                chat = Chat(CHANNEL, member.telegram_user_id)
                await self._tools.send_recap(
                    member.sender_id, chat, taught.service_slug, worker, None
                )
        await self._tools.notify(bot, taught.chat_id, self._texts("class_ended_group"))
        done = len(tally.done) if tally.step == tally.total else 0
        summary = self._texts(
            "class_ended_worker", members=len(members), done=done, stuck=stuck_ever
        )
        await self._tools.notify(bot, worker.telegram_user_id, summary)
