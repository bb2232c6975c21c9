"""A worker guiding one resident on Telegram (the rules: `teaching.sessions`).

`/session` gives the worker a deep link and a code; the resident opens it and is asked to
consent; the worker picks a service and Rasa starts that service's guide on the resident's phone
(`trigger_intent start_guide`), the same guide as ever. The guide's progress comes back as data
with Rasa's replies, and the worker is told of each step and each time the resident is stuck.
`/end` records an outcome; the resident gets every step to practise (`practice_recap`).

A resident on another channel (WeChat) joins with the code there; their answer to the consent
question and their progress come from the outbox (`teaching.letters`), and Rasa's replies for
them go there.
"""

from __future__ import annotations

from typing import Any

from telegram import Bot, Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram.handoffs import CHANNEL, inline_buttons
from bot.telegram.incoming import outcome_and_note
from bot.telegram.sender_ids import sender_id
from bot.telegram.teaching_tools import TeachingTools
from catalog import queries
from handoff import staff
from handoff.clock import utc_now
from handoff.queue import Chat
from teaching import letters, sessions
from teaching.sessions import LINK_PREFIX, TYPED_CODE, Progress

Context = ContextTypes.DEFAULT_TYPE
LINK = rf"^/start(@\w+)?\s+{LINK_PREFIX}"  # the deep link opened: t.me/<bot>?start=s_<code>
SESSION_CODE = TYPED_CODE
SESSION_OUTCOMES = {
    "learned": "session_outcome_learned",
    "partly": "session_outcome_partly",
    "not_yet": "session_outcome_not_yet",
}
OUTCOME_WORDS = {"学会了": "learned", "学了一部分": "partly", "还没学会": "not_yet"}


class SessionHandlers:
    """Commands, links and buttons of one-to-one sessions."""

    def __init__(self, tools: TeachingTools) -> None:
        self._tools = tools
        self._db, self._texts, self._words = tools.db, tools.texts, tools.words

    async def session(self, update: Update, context: Context, worker: staff.Staff, _) -> None:
        created = await self._db.run(sessions.create, worker.id)
        link = f"https://t.me/{context.bot.username}?start={LINK_PREFIX}{created.code}"
        await update.effective_message.reply_text(
            self._texts("session_created", link=link, code=created.code)
        )

    async def end(self, update: Update, context: Context, worker: staff.Staff, words) -> None:
        guided = await self._db.run(sessions.open_for_worker, worker.id)
        if guided is None:
            await update.effective_message.reply_text(self._texts("no_session"))
            return
        outcome, note = outcome_and_note(words, OUTCOME_WORDS)
        ended = await self._db.run(sessions.end, guided.id, utc_now(), outcome, note or None)
        if ended is None:
            return
        if ended.sender_id and ended.chat and ended.service_slug:
            await self._tools.send_recap(
                ended.sender_id, ended.chat, ended.service_slug, worker, ended.id
            )
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
        resident = sender_id(user.id, self._tools.sender_key)
        guided = await self._db.run(sessions.open_code, code, resident, Chat(CHANNEL, chat.id))
        if guided is None:
            return False
        worker = await self._db.run(staff.by_id, guided.worker_id)
        await self.ask_consent(context.bot, chat.id, guided.id, worker.display_name)
        return True

    async def ask_consent(self, bot: Bot, chat_id: int, session_id: int, worker: str) -> None:
        question = self._words.question(session_id, worker)
        buttons = inline_buttons(*((b.title, b.payload) for b in question.buttons))
        await self._tools.notify(bot, chat_id, question.text, buttons)

    async def consent(
        self, update: Update, context: Context, session_id: int, agreed: bool
    ) -> None:
        query = update.callback_query
        resident = sender_id(update.effective_user.id, self._tools.sender_key)
        answered = await self._db.run(
            sessions.answer_consent, session_id, resident, agreed, utc_now()
        )
        await query.answer()
        if answered is None:
            return
        await query.edit_message_reply_markup(None)
        worker = await self._db.run(staff.by_id, answered.worker_id)
        words = self._words
        said = words.thanks.format(worker=worker.display_name) if agreed else words.declined
        await query.message.reply_text(said)
        await self._tell_consent(context.bot, worker, answered.id, agreed)

    async def _tell_consent(
        self, bot: Bot, worker: staff.Staff, session_id: int, agreed: bool
    ) -> None:
        """The resident's answer for the worker; the service picker when they agreed."""
        if not agreed:
            await self._tools.notify(bot, worker.telegram_user_id, self._texts("session_declined"))
            return
        await self._tools.notify(
            bot,
            worker.telegram_user_id,
            self._texts("session_agreed"),
            await self._tools.categories("s", session_id),
        )

    async def start_guide(self, session_id: int, slug: str, total: int) -> None:
        """The resident's own guide, started by Rasa: the same guide, state and buttons."""
        guided = await self._db.run(sessions.choose_service, session_id, slug, total)
        if guided is None or guided.chat is None or guided.sender_id is None:
            return
        entities = {"service": slug}
        if step := await self._db.run(sessions.step_left_at, guided.sender_id, slug, session_id):
            entities["step"] = str(step)  # invited back: on where they were
        replies = await self._tools.rasa.trigger(guided.sender_id, "start_guide", entities)
        await self._tools.answer(guided.chat, guided.sender_id, replies, guided.id)

    async def deliver_letters(self, bot: Bot) -> None:
        """What the gateway of a resident on another channel left for their worker: their
        answer to the consent question, their progress (run every few seconds)."""
        for letter in await self._db.run(letters.take_for_workers, utc_now()):
            guided = await self._db.run(sessions.get, letter.session_id)
            if guided is None or guided.sender_id is None:
                continue
            if progress := letters.progress_of(letter):
                await self._tell_progress(progress, guided.sender_id, bot)
            elif letter.kind in (letters.AGREED, letters.DECLINED):
                worker = await self._db.run(staff.by_id, guided.worker_id)
                await self._tell_consent(bot, worker, guided.id, letter.kind == letters.AGREED)

    async def progress(self, data: dict[str, Any], resident: str, bot: Bot) -> None:
        """Rasa's reply carried the guide's progress: tell the worker guiding this resident."""
        if (progress := Progress.from_data(data)) is not None:
            await self._tell_progress(progress, resident, bot)

    async def _tell_progress(self, progress: Progress, resident: str, bot: Bot) -> None:
        guided = await self._db.run(sessions.record, resident, progress)
        if guided is None:
            return
        worker = await self._db.run(staff.by_id, guided.worker_id)
        name = await self._db.read(queries.service_name, progress.service) or progress.service
        text_name = "progress_stuck_said" if progress.event == "stuck" and progress.said else None
        text = self._texts(
            text_name or f"progress_{progress.event}",
            service=name,
            step=progress.step,
            total=progress.total,
            said=progress.said,
        )
        await self._tools.notify(bot, worker.telegram_user_id, text)

    async def record_outcome(self, update: Update, session_id: int, outcome: str) -> None:
        """sesout:<session>:<outcome>, the worker's answer after /end."""
        if outcome not in SESSION_OUTCOMES:
            return
        await self._db.run(sessions.set_outcome, session_id, outcome)
        text = self._texts(SESSION_OUTCOMES[outcome])
        await update.callback_query.edit_message_text(
            self._texts("session_outcome_saved", outcome=text)
        )
