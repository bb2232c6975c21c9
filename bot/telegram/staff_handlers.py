"""Commands and buttons of community workers and admins: /join, /duty, /queue, /done, /note,
/workers, /remove, and the 认领 / hand-back / outcome buttons. Each checks the sender's role; a
resident trying one is told kindly that it is for staff."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram.handoffs import OUTCOME_TEXTS, Handoffs, inline_buttons
from bot.telegram.incoming import command_words, outcome_and_note
from catalog import communities
from handoff import queue, request_records, staff
from handoff.clock import utc_now
from insights.chart import render
from insights.figures import compute

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
QUEUE_SHOWN = 10  # requests listed by /queue, oldest first
STAFF_COMMANDS = ("join", "duty", "queue", "done", "note", "workers", "remove", "report")
REPORT_DAYS = 7
# What a worker may write after /done to close with an outcome at once.
OUTCOME_WORDS = {
    "解决了": "solved",
    "解决": "solved",
    "没解决": "not_solved",
    "未解决": "not_solved",
    "转介": "referred",
    "转到别处了": "referred",
    "转走了": "referred",
}


class StaffHandlers:
    """Handlers for staff; they stop the update here, so Rasa never sees staff commands."""

    def __init__(self, handoffs: Handoffs) -> None:
        self._handoffs = handoffs
        self._texts = handoffs.texts
        self._db = handoffs.db

    async def command(self, update: Update, context: Context) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not message.text:
            return
        name, words = command_words(message.text)
        reply = await getattr(self, f"_{name}")(update, words)
        if reply:
            await message.reply_text(reply)
        raise ApplicationHandlerStop

    async def button(self, update: Update, context: Context) -> None:
        """The inline buttons of a handoff: claim:N, handback:N, outcome:N:what."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None or not query.data:
            return
        action, _, rest = query.data.partition(":")
        member = await self._db.run(staff.by_telegram_user, user.id)
        if member is None or not member.handles_requests:
            await query.answer(self._texts("staff_only"), show_alert=True)
            raise ApplicationHandlerStop
        request_id, _, outcome = rest.partition(":")
        if action == "claim":
            await self._claim(update, member, int(request_id))
        elif action == "handback":
            await query.answer()
            await self._finish(update, member, words=[])
        elif action == "outcome":
            await query.answer()
            await self._record_outcome(update, int(request_id), outcome)
        raise ApplicationHandlerStop

    async def _claim(self, update: Update, member: staff.Staff, request_id: int) -> None:
        query = update.callback_query
        result = await self._handoffs.take_over(request_id, member)
        if result is queue.ClaimRefusal.TAKEN:
            taken = await self._db.run(queue.get, request_id)
            await query.answer(
                self._texts("taken_alert", name=taken.worker_name if taken else ""),
                show_alert=True,
            )
            return
        if result is queue.ClaimRefusal.BUSY:
            await query.answer(self._texts("busy_alert"), show_alert=True)
            return
        if result is queue.ClaimRefusal.CLOSED:
            await query.answer(self._texts("closed_alert"), show_alert=True)
            return
        await query.answer()
        await self._handoffs.notify(
            member.telegram_user_id,
            self._texts("claimed", number=request_id),
            inline_buttons((self._texts("handback_button"), f"handback:{request_id}")),
        )

    async def _join(self, update: Update, words: list[str]) -> str:
        user = update.effective_user
        if not words:
            return self._texts("join_usage")
        result = await self._db.run(
            staff.join,
            words[0],
            telegram_user_id=user.id,
            display_name=" ".join(words[1:]) or user.first_name,
            now=utc_now(),
        )
        if isinstance(result, staff.JoinRefusal):
            log.warning("join_refused reason=%s", result.value)
            return self._texts(f"join_{result.value}")
        log.info("staff_joined member=%d role=%s", result.id, result.role)
        return self._texts(
            "joined", name=result.display_name, role=self._texts(f"role_{result.role}")
        )

    async def _duty(self, update: Update, words: list[str]) -> str:
        member = await self._worker(update)
        if member is None:
            return self._texts("staff_only")
        if not words or words[0].lower() not in ("on", "off"):
            return self._texts("duty_usage")
        on = words[0].lower() == "on"
        await self._db.run(staff.set_duty, member.id, on)
        if on:
            return self._texts("duty_on", hours=self._handoffs.settings.opening_hours.in_chinese())
        return self._texts("duty_off")

    async def _queue(self, update: Update, words: list[str]) -> str | None:
        """Who is waiting, each with a 认领 button."""
        if await self._worker(update) is None:
            return self._texts("staff_only")
        waiting = (await self._db.run(queue.waiting))[:QUEUE_SHOWN]
        if not waiting:
            return self._texts("queue_empty")
        now = utc_now()
        lines = [self._texts("queue_title")]
        for request in waiting:
            minutes = int((now - request.created_at).total_seconds() // 60)
            what = await self._handoffs.describe(request)
            lines.append(self._texts("queue_line", number=request.id, what=what, minutes=minutes))
        buttons = inline_buttons(
            *((self._texts("claim_number", number=r.id), f"claim:{r.id}") for r in waiting)
        )
        await update.effective_message.reply_text("\n".join(lines), reply_markup=buttons)
        return None

    async def _done(self, update: Update, words: list[str]) -> str | None:
        member = await self._worker(update)
        if member is None:
            return self._texts("staff_only")
        await self._finish(update, member, words)
        return None

    async def _finish(self, update: Update, member: staff.Staff, words: list[str]) -> None:
        """Hand back; with an outcome word, record it at once, else ask for one."""
        bot = update.get_bot()
        request = await self._db.run(queue.active_for_worker, member.id)
        if request is None:
            await bot.send_message(member.telegram_user_id, self._texts("no_request"))
            return
        outcome, note = outcome_and_note(words, OUTCOME_WORDS)
        if note:
            await self._db.run(request_records.add_note, request.id, note)
        await self._handoffs.hand_back(request.id, closed_by="worker", outcome=outcome)
        text = self._texts("handed_back", number=request.id)
        if outcome:
            await bot.send_message(member.telegram_user_id, text)
            return
        await bot.send_message(
            member.telegram_user_id,
            f"{text}\n{self._texts('ask_outcome')}",
            reply_markup=self._handoffs.outcome_buttons(request.id),
        )

    async def _record_outcome(self, update: Update, request_id: int, outcome: str) -> None:
        if outcome not in OUTCOME_TEXTS:
            return
        await self._db.run(request_records.set_outcome, request_id, outcome)
        await update.callback_query.edit_message_text(
            self._texts("outcome_saved", outcome=self._texts(OUTCOME_TEXTS[outcome]))
        )

    async def _note(self, update: Update, words: list[str]) -> str:
        member = await self._worker(update)
        if member is None:
            return self._texts("staff_only")
        if not words:
            return self._texts("note_usage")
        request = await self._db.run(queue.active_for_worker, member.id)
        request = request or await self._db.run(request_records.latest_of_worker, member.id)
        if request is None:
            return self._texts("no_request")
        await self._db.run(request_records.add_note, request.id, " ".join(words))
        return self._texts("note_saved")

    async def _report(self, update: Update, words: list[str]) -> str | None:
        """The needs-feedback chart of the last week, with three lines of text; `/report 玉林社区`
        for one community's residents."""
        if await self._worker(update) is None:
            return self._texts("staff_only")
        community = await self._db.run(communities.find, " ".join(words)) if words else None
        if words and community is None:
            return self._texts("report_no_community", name=" ".join(words))
        until = utc_now()
        since = until - dt.timedelta(days=REPORT_DAYS)
        report = await self._db.run(compute, since, until, community)
        chart = await asyncio.to_thread(render, report)
        top = "、".join(asked.name for asked in report.asked[:3]) or self._texts("report_nothing")
        wait = report.help.wait_p50_minutes
        lines = [community.name] if community else []
        lines += [
            self._texts(
                "report_residents",
                days=REPORT_DAYS,
                residents=report.residents,
                contained=report.contained,
            ),
            self._texts("report_asked", top=top),
            self._texts(
                "report_help",
                count=report.help.count,
                wait="—" if wait is None else f"{wait:.0f}",
                unanswered=len(report.unanswered),
            ),
            self._texts(
                "report_family", helpers=report.helpers_linked, taken=report.help.by_family
            ),
            self._texts(
                "report_reminders",
                sent=report.reminders.sent,
                acted=report.reminders.acted_on,
                family=report.reminders.sent_to_family,
                failed=report.reminders.failed_tries,
            ),
        ]
        await update.effective_message.reply_photo(chart, caption="\n".join(lines))
        return None

    async def _workers(self, update: Update, words: list[str]) -> str:
        if (refusal := await self._refuse_unless_admin(update)) is not None:
            return refusal
        lines = [self._texts("workers_title")]
        for member in await self._db.run(staff.current):
            duty = self._texts("on_duty" if member.on_duty else "off_duty")
            role = self._texts(f"role_{member.role}")
            lines.append(
                self._texts(
                    "worker_line", id=member.id, name=member.display_name, role=role, duty=duty
                )
            )
        return "\n".join(lines)

    async def _remove(self, update: Update, words: list[str]) -> str:
        if (refusal := await self._refuse_unless_admin(update)) is not None:
            return refusal
        if not words or not words[0].isdigit():
            return self._texts("remove_usage")
        removed = await self._db.run(staff.remove, int(words[0]), utc_now())
        if removed is None:
            return self._texts("remove_unknown")
        log.info("staff_removed member=%d", removed.id)
        return self._texts("removed", name=removed.display_name)

    async def _worker(self, update: Update) -> staff.Staff | None:
        member = await self._db.run(staff.by_telegram_user, update.effective_user.id)
        return member if member and member.handles_requests else None

    async def _refuse_unless_admin(self, update: Update) -> str | None:
        member = await self._db.run(staff.by_telegram_user, update.effective_user.id)
        if member is None:
            return self._texts("staff_only")
        return None if member.is_admin else self._texts("admin_only")
