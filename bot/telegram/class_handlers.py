"""A worker teaching a group on Telegram (the rules: `teaching.classes`).

`/class` in a group; steps are posted there at the worker's pace (`/next`, or the worker's
private panel), members answer 我做好了 / 我卡住了, the panel shows the tally, edited in place,
with a nudge or a one-to-one session for a stuck member; late joiners get the steps so far.
`/endclass` sends each member every step privately. Members on another channel (WeChat), who
joined by the class's code shown on the panel, get each step, a nudge, the consent question and
the recap through the outbox; their answers come back through it and redraw the panel.
"""

from __future__ import annotations

import logging

from telegram import Bot, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import class_steps
from bot.rasa_client import BotMessage
from bot.telegram.handoffs import CHANNEL, inline_buttons
from bot.telegram.sender_ids import sender_id
from bot.telegram.session_handlers import SessionHandlers
from bot.telegram.teaching_tools import TeachingTools
from catalog import queries
from handoff import staff
from handoff.clock import utc_now
from handoff.queue import Chat
from teaching import class_letters, classes, letters, sessions

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


class ClassHandlers:
    """Commands and buttons of classes, for the worker and the members."""

    def __init__(self, tools: TeachingTools, one_to_one: SessionHandlers) -> None:
        self._tools = tools
        self._db, self._texts, self._words = tools.db, tools.texts, tools.class_words
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
        """The class's step in the group, and to each member on another channel."""
        service = await self._db.read(queries.service_by_slug, taught.service_slug)
        step = class_steps.step_message(self._words, taught.id, service, taught.step)
        for member in await self._db.run(classes.members_elsewhere, taught.id):
            await self._db.run(
                class_letters.replies_to_member, taught.id, member.chat, [step.as_rest()]
            )
        answers = [(button.title, button.payload) for button in step.buttons]
        if taught.step > 1:
            answers.append(
                (
                    self._texts("class_catchup_button"),
                    f"class:{taught.id}:{taught.step}:catchup",
                )
            )
        await self._tools.notify(bot, taught.chat_id, step.text, inline_buttons(*answers))

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
        thanks = self._words.done_thanks if answer == "done" else self._words.stuck_thanks
        await query.answer(thanks.format(worker=worker.display_name))
        if answered is not None and answered[1] and taught.step > 1:  # a late joiner
            await self._catch_up(context.bot, user.id, taught, taught.step)
        await self.show_panel(context.bot, taught, worker)

    async def _catch_up(self, bot: Bot, user_id: int, taught: classes.ClassView, step: int) -> bool:
        """The steps before `step`, privately; False if the member never opened the bot."""
        service = await self._db.read(queries.service_by_slug, taught.service_slug)
        try:
            await bot.send_message(user_id, class_steps.missed_steps(self._words, service, step))
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
        if taught.code:
            lines.append(self._texts("class_panel_code", code=taught.code))
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
        chat = _chat_of(member)
        if member is None or chat is None:
            return
        taught = await self._db.run(classes.running_for_worker, worker.id)
        if action == "nudge" and taught is not None:
            text = self._words.nudge.format(worker=worker.display_name, step=taught.step)
            if chat.channel == CHANNEL:
                await self._tools.notify(bot, chat.chat_id, text)
            else:
                reply = BotMessage(text).as_rest()
                await self._db.run(class_letters.replies_to_member, taught.id, chat, [reply])
            await self._tools.notify(
                bot, worker.telegram_user_id, self._texts("class_nudged", name=member.name)
            )
        elif action == "solo":
            guided = await self._db.run(sessions.invite_resident, worker.id, member.sender_id, chat)
            if chat.channel == CHANNEL:
                await self._one_to_one.ask_consent(
                    bot, chat.chat_id, guided.id, worker.display_name
                )
            else:
                question = self._tools.words.question(guided.id, worker.display_name)
                rest = [question.as_rest()]
                await self._db.run(letters.replies_to_resident, guided.id, chat, rest)

    async def deliver_letters(self, bot: Bot) -> None:
        """Members on another channel answered: their classes' panels, drawn again."""
        taken = await self._db.run(class_letters.take_for_workers, utc_now())
        for class_id in dict.fromkeys(letter.class_id for letter in taken):
            taught = await self._db.run(classes.get, class_id) if class_id else None
            if taught is not None and taught.status == "active":
                worker = await self._db.run(staff.by_id, taught.worker_id)
                await self.show_panel(bot, taught, worker)

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
            if (chat := _chat_of(member)) is not None:
                await self._tools.send_recap(
                    member.sender_id, chat, taught.service_slug, worker, class_id=taught.id
                )
        await self._tools.notify(bot, taught.chat_id, self._texts("class_ended_group"))
        done = len(tally.done) if tally.step == tally.total else 0
        summary = self._texts(
            "class_ended_worker", members=len(members), done=done, stuck=stuck_ever
        )
        await self._tools.notify(bot, worker.telegram_user_id, summary)


def _chat_of(member: classes.Member | None) -> Chat | None:
    """Where a member is reached: privately on Telegram, or on their own channel."""
    if member is None:
        return None
    if member.telegram_user_id is not None:
        return Chat(CHANNEL, member.telegram_user_id)
    return member.chat
