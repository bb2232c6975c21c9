"""Guided sessions and classes on Telegram (the rules: `teaching/`).

A session: `/session` gives the worker a deep link and a code; the resident opens it and is asked
to consent; the worker picks a service and Rasa starts that service's guide on the resident's
phone (`trigger_intent start_guide`), the same guide as ever. The guide's progress comes back as
data with Rasa's replies, and the worker is told of each step and each time the resident is stuck.
`/end` asks for an outcome; the resident gets every step to practise (`practice_recap`).

A class: `/class` in a group; steps are posted there at the worker's pace (`/next`, or the
worker's private panel), members answer 我做好了 / 我卡住了, the panel shows the tally, edited in
place. `/endclass` sends each member the steps privately.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.rasa_client import RasaClient
from bot.telegram.handoffs import ChatFor, inline_buttons
from bot.telegram.incoming import command_words
from bot.telegram.sender_ids import sender_id
from bot.telegram.texts import Texts
from catalog import queries
from handoff import staff
from handoff.clock import utc_now
from handoff.staff import CODE_ALPHABET
from teaching import classes, sessions
from teaching.sessions import CODE_LENGTH, Progress

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
TEACHING_COMMANDS = ("session", "end", "class", "next", "endclass")
LINK_PREFIX = "s_"  # t.me/<bot>?start=s_<code>
LINK = rf"^/start(@\w+)?\s+{LINK_PREFIX}"  # the deep link opened
SESSION_CODE = rf"^\s*[{CODE_ALPHABET}{CODE_ALPHABET.lower()}]{{{CODE_LENGTH}}}\s*$"  # typed
SESSION_OUTCOMES = {
    "learned": "session_outcome_learned",
    "partly": "session_outcome_partly",
    "not_yet": "session_outcome_not_yet",
}
OUTCOME_WORDS = {"学会了": "learned", "学了一部分": "partly", "还没学会": "not_yet"}


class Teaching:
    """Handlers of sessions and classes, for workers and the residents they teach."""

    def __init__(
        self,
        app_sessions: sessionmaker[Session],
        rasa: RasaClient,
        texts: Texts,
        chat_for: ChatFor,
        sender_key: bytes,
    ) -> None:
        self._db = app_sessions
        self._rasa = rasa
        self._texts = texts
        self._chat_for = chat_for
        self._sender_key = sender_key

    # --- commands -------------------------------------------------------------------------

    async def command(self, update: Update, context: Context) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not message.text:
            return
        name, words = command_words(message.text)
        worker = staff.by_telegram_user(self._db, user.id)
        if worker is None or not worker.handles_requests:
            await message.reply_text(self._texts("staff_only"))
            raise ApplicationHandlerStop
        await getattr(self, f"_{name}")(update, context, worker, words)
        raise ApplicationHandlerStop

    async def _session(self, update: Update, context: Context, worker: staff.Staff, _) -> None:
        created = sessions.create(self._db, worker.id)
        link = f"https://t.me/{context.bot.username}?start={LINK_PREFIX}{created.code}"
        await update.effective_message.reply_text(
            self._texts("session_created", link=link, code=created.code)
        )

    async def _end(self, update: Update, context: Context, worker: staff.Staff, words) -> None:
        guided = sessions.open_for_worker(self._db, worker.id)
        if guided is None:
            await update.effective_message.reply_text(self._texts("no_session"))
            return
        outcome = OUTCOME_WORDS.get(words[0]) if words else None
        note = " ".join(words[1:] if outcome else words) or None
        ended = sessions.end(self._db, guided.id, utc_now(), outcome, note)
        if ended is None:
            return
        if ended.sender_id and ended.chat_id and ended.service_slug:
            await self._send_recap(ended.sender_id, ended.chat_id, ended.service_slug, worker)
        if outcome:
            text = self._texts(
                "session_outcome_saved", outcome=self._texts(SESSION_OUTCOMES[outcome])
            )
            await update.effective_message.reply_text(text)
            return
        choices = [(self._texts(t), f"sesout:{ended.id}:{k}") for k, t in SESSION_OUTCOMES.items()]
        await update.effective_message.reply_text(
            self._texts("session_ask_outcome"), reply_markup=inline_buttons(*choices)
        )

    async def _class(self, update: Update, context: Context, worker: staff.Staff, _) -> None:
        chat = update.effective_chat
        if chat is None or chat.type == ChatType.PRIVATE:
            await update.effective_message.reply_text(self._texts("class_in_group_only"))
            return
        await self._notify(
            context.bot,
            worker.telegram_user_id,
            self._texts("class_pick"),
            self._categories("c", chat.id),
        )

    async def _next(self, update: Update, context: Context, worker: staff.Staff, _) -> None:
        taught = classes.running_for_worker(self._db, worker.id)
        if taught is None:
            await update.effective_message.reply_text(self._texts("no_class"))
            return
        await self._next_step(context.bot, taught, worker)

    async def _endclass(self, update: Update, context: Context, worker: staff.Staff, _) -> None:
        taught = classes.running_for_worker(self._db, worker.id)
        if taught is None:
            await update.effective_message.reply_text(self._texts("no_class"))
            return
        await self._end_class(context.bot, taught, worker)

    # --- a resident joining a session -----------------------------------------------------

    async def deep_link(self, update: Update, context: Context) -> None:
        """/start s_CODE from the link a worker gave."""
        code = (context.args or [""])[0].removeprefix(LINK_PREFIX)
        if await self._open(update, context, code):
            raise ApplicationHandlerStop

    async def typed_code(self, update: Update, context: Context) -> None:
        """The code typed instead of opening the link; anything else goes on to Rasa."""
        message = update.effective_message
        if message and message.text and await self._open(update, context, message.text):
            raise ApplicationHandlerStop

    async def _open(self, update: Update, context: Context, code: str) -> bool:
        user, chat = update.effective_user, update.effective_chat
        resident = sender_id(user.id, self._sender_key)
        guided = sessions.open_code(self._db, code, resident, chat.id)
        if guided is None:
            return False
        worker = staff.by_id(self._db, guided.worker_id)
        await self._ask_consent(context.bot, chat.id, guided.id, worker.display_name)
        return True

    async def _ask_consent(self, bot: Bot, chat_id: int, session_id: int, worker: str) -> None:
        buttons = inline_buttons(
            (self._texts("consent_yes"), f"consent:{session_id}:yes"),
            (self._texts("consent_no"), f"consent:{session_id}:no"),
        )
        await self._notify(bot, chat_id, self._texts("session_consent", worker=worker), buttons)

    # --- buttons --------------------------------------------------------------------------

    async def button(self, update: Update, context: Context) -> None:
        query, user = update.callback_query, update.effective_user
        if query is None or user is None or not query.data:
            return
        kind, *parts = query.data.split(":")
        if kind == "consent":
            await self._consent(update, context, int(parts[0]), parts[1] == "yes")
        elif kind == "class":
            await self._member_answer(update, context, int(parts[0]), int(parts[1]), parts[2])
        else:
            worker = staff.by_telegram_user(self._db, user.id)
            if worker is None or not worker.handles_requests:
                await query.answer(self._texts("staff_only"), show_alert=True)
                raise ApplicationHandlerStop
            await query.answer()
            if kind == "pick":
                await self._pick(update, context, worker, parts)
            elif kind == "sesout" and parts[1] in SESSION_OUTCOMES:
                sessions.set_outcome(self._db, int(parts[0]), parts[1])
                outcome = self._texts(SESSION_OUTCOMES[parts[1]])
                await query.edit_message_text(self._texts("session_outcome_saved", outcome=outcome))
            elif kind == "cls":
                await self._panel_button(update, context, worker, parts[0], int(parts[1]))
        raise ApplicationHandlerStop

    async def _consent(
        self, update: Update, context: Context, session_id: int, agreed: bool
    ) -> None:
        query = update.callback_query
        resident = sender_id(update.effective_user.id, self._sender_key)
        answered = sessions.answer_consent(self._db, session_id, resident, agreed, utc_now())
        await query.answer()
        if answered is None:
            return
        await query.edit_message_reply_markup(None)
        worker = staff.by_id(self._db, answered.worker_id)
        if not agreed:
            await query.message.reply_text(self._texts("consent_declined"))
            await self._notify(
                context.bot, worker.telegram_user_id, self._texts("session_declined")
            )
            return
        await query.message.reply_text(self._texts("consent_thanks", worker=worker.display_name))
        await self._notify(
            context.bot,
            worker.telegram_user_id,
            self._texts("session_agreed"),
            self._categories("s", answered.id),
        )

    async def _pick(
        self, update: Update, context: Context, worker: staff.Staff, parts: list[str]
    ) -> None:
        """pick:<s|c>:<session id | group chat id>:<c<category id> | back | service slug>"""
        kind, target, choice = parts[0], int(parts[1]), parts[2]
        query = update.callback_query
        if choice == "back":
            await query.edit_message_reply_markup(self._categories(kind, target))
            return
        if choice.startswith("c") and choice[1:].isdigit():
            await query.edit_message_reply_markup(self._services(kind, target, int(choice[1:])))
            return
        with self._db() as db:
            service = queries.service_by_slug(db, choice)
            if service is None:
                return
            name, total = service.name, len(service.steps)
        await query.edit_message_text(self._texts("picked", service=name))
        if kind == "s":
            await self._start_guide(target, choice, total)
        else:
            taught = classes.start(self._db, worker.id, target, choice, total)
            await self._post_step(context.bot, taught)
            await self._show_panel(context.bot, taught, worker, new=True)

    async def _start_guide(self, session_id: int, slug: str, total: int) -> None:
        """The resident's own guide, started by Rasa: the same guide, state and buttons."""
        sessions.choose_service(self._db, session_id, slug, total)
        guided = sessions.get(self._db, session_id)
        if guided is None or guided.chat_id is None or guided.sender_id is None:
            return
        entities = {"service": slug}
        if step := sessions.step_left_at(self._db, guided.sender_id, slug, session_id):
            entities["step"] = str(step)  # invited back: on where they were
        replies = await self._rasa.trigger(guided.sender_id, "start_guide", entities)
        await self._chat_for(guided.chat_id, guided.sender_id).answer(replies)

    # --- progress of a session ------------------------------------------------------------

    async def progress(self, data: dict[str, Any], resident: str, bot: Bot) -> None:
        """Rasa's reply carried the guide's progress: tell the worker guiding this resident."""
        progress = Progress.from_data(data)
        if progress is None:
            return
        guided = sessions.record(self._db, resident, progress)
        if guided is None:
            return
        worker = staff.by_id(self._db, guided.worker_id)
        with self._db() as db:
            service = queries.service_by_slug(db, progress.service)
            name = service.name if service else progress.service
        text_name = "progress_stuck_said" if progress.event == "stuck" and progress.said else None
        text = self._texts(
            text_name or f"progress_{progress.event}",
            service=name,
            step=progress.step,
            total=progress.total,
            said=progress.said,
        )
        await self._notify(bot, worker.telegram_user_id, text)

    # --- classes ----------------------------------------------------------------------------

    async def _post_step(self, bot: Bot, taught: classes.ClassView) -> None:
        with self._db() as db:
            service = queries.service_by_slug(db, taught.service_slug)
            step = service.steps[taught.step - 1]
            text = self._texts(
                "class_step",
                service=service.name,
                step=taught.step,
                total=taught.total_steps,
                instruction=step.text,
            )
        answers = [
            (self._texts("class_done_button"), f"class:{taught.id}:{taught.step}:done"),
            (self._texts("class_stuck_button"), f"class:{taught.id}:{taught.step}:stuck"),
        ]
        if taught.step > 1:
            answers.append(
                (self._texts("class_catchup_button"), f"class:{taught.id}:{taught.step}:catchup")
            )
        await self._notify(bot, taught.chat_id, text, inline_buttons(*answers))

    async def _member_answer(
        self, update: Update, context: Context, class_id: int, step: int, answer: str
    ) -> None:
        query, user = update.callback_query, update.effective_user
        taught = classes.get(self._db, class_id)
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
        resident = sender_id(user.id, self._sender_key)
        answered = classes.answer(
            self._db,
            class_id,
            step=step,
            answer=answer,
            sender_id=resident,
            telegram_user_id=user.id,
            name=user.first_name,
        )
        worker = staff.by_id(self._db, taught.worker_id)
        toast = "class_done_toast" if answer == "done" else "class_stuck_toast"
        await query.answer(self._texts(toast, worker=worker.display_name))
        if answered is not None and answered[1] and taught.step > 1:  # a late joiner
            await self._catch_up(context.bot, user.id, taught, taught.step)
        await self._show_panel(context.bot, taught, worker)

    async def _catch_up(self, bot: Bot, user_id: int, taught: classes.ClassView, step: int) -> bool:
        """The steps before `step`, privately; False if the member never opened the bot."""
        with self._db() as db:
            service = queries.service_by_slug(db, taught.service_slug)
            lines = [self._texts("class_catchup_title", service=service.name)] + [
                f"{s.position}. {s.text}" for s in service.steps[: step - 1]
            ]
        try:
            await bot.send_message(user_id, "\n".join(lines))
        except TelegramError:
            return False
        return True

    async def _show_panel(
        self, bot: Bot, taught: classes.ClassView, worker: staff.Staff, new: bool = False
    ) -> None:
        """The worker's private panel: the tally of the current step, edited in place."""
        taught = classes.get(self._db, taught.id)
        tally = classes.tally(self._db, taught.id)
        with self._db() as db:
            service_name = queries.service_by_slug(db, taught.service_slug).name
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
                (self._texts("class_nudge_button", name=member.name), f"cls:nudge:{member.id}")
            )
            buttons.append(
                (self._texts("class_solo_button", name=member.name), f"cls:solo:{member.id}")
            )
        markup = inline_buttons(*buttons)
        text = "\n".join(lines)
        if new or taught.panel_message_id is None:
            sent = await bot.send_message(worker.telegram_user_id, text, reply_markup=markup)
            classes.set_panel(self._db, taught.id, sent.message_id)
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

    async def _panel_button(
        self, update: Update, context: Context, worker: staff.Staff, action: str, target: int
    ) -> None:
        bot = context.bot
        if action in ("next", "end"):
            taught = classes.get(self._db, target)
            if taught is None or taught.status != "active":
                return
            if action == "next":
                await self._next_step(bot, taught, worker)
            else:
                await self._end_class(bot, taught, worker)
            return
        member = classes.member(self._db, target)
        if member is None or member.telegram_user_id is None:
            return
        taught = classes.running_for_worker(self._db, worker.id)
        if action == "nudge" and taught is not None:
            text = self._texts("class_nudge", worker=worker.display_name, step=taught.step)
            await self._notify(bot, member.telegram_user_id, text)
            await self._notify(
                bot, worker.telegram_user_id, self._texts("class_nudged", name=member.name)
            )
        elif action == "solo":
            guided = sessions.invite_resident(
                self._db, worker.id, member.sender_id, member.telegram_user_id
            )
            await self._ask_consent(bot, member.telegram_user_id, guided.id, worker.display_name)

    async def _next_step(self, bot: Bot, taught: classes.ClassView, worker: staff.Staff) -> None:
        moved = classes.advance(self._db, taught.id)
        if moved is None:
            await self._notify(bot, worker.telegram_user_id, self._texts("class_last_step"))
            return
        await self._post_step(bot, moved)
        await self._show_panel(bot, moved, worker)

    async def _end_class(self, bot: Bot, taught: classes.ClassView, worker: staff.Staff) -> None:
        tally = classes.tally(self._db, taught.id)
        members = classes.end(self._db, taught.id, utc_now())
        stuck_ever = classes.stuck_count(self._db, taught.id)
        for member in members:
            if member.telegram_user_id is not None:
                await self._send_recap(
                    member.sender_id, member.telegram_user_id, taught.service_slug, worker
                )
        await self._notify(bot, taught.chat_id, self._texts("class_ended_group"))
        done = len(tally.done) if tally.step == tally.total else 0
        summary = self._texts(
            "class_ended_worker", members=len(members), done=done, stuck=stuck_ever
        )
        await self._notify(bot, worker.telegram_user_id, summary)

    # --- shared -----------------------------------------------------------------------------

    async def _send_recap(
        self, resident: str, chat_id: int, slug: str, worker: staff.Staff
    ) -> None:
        """Every step of what was learned, from Rasa (its words live in domain.yml)."""
        try:
            replies = await self._rasa.trigger(
                resident, "practice_recap", {"service": slug, "worker": worker.display_name}
            )
            await self._chat_for(chat_id, resident).answer(replies)
        except Exception as error:  # a member who never opened the bot cannot be written to
            log.warning("recap_not_sent error=%s", type(error).__name__)

    def _categories(self, kind: str, target: int) -> InlineKeyboardMarkup:
        with self._db() as db:
            categories = queries.categories_with_services(db)
            return inline_buttons(*((c.name, f"pick:{kind}:{target}:c{c.id}") for c in categories))

    def _services(self, kind: str, target: int, category_id: int) -> InlineKeyboardMarkup:
        with self._db() as db:
            category = next(c for c in queries.categories_with_services(db) if c.id == category_id)
            choices = [(s.name, f"pick:{kind}:{target}:{s.slug}") for s in category.services]
        return inline_buttons(*choices, (self._texts("pick_back"), f"pick:{kind}:{target}:back"))

    async def _notify(
        self, bot: Bot, chat_id: int | None, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        if chat_id is None:
            return
        try:
            await bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramError as error:
            log.warning("not_sent error=%s", error)
