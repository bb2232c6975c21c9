"""A resident asked their family for help (问家人), on Telegram; the rules are `family.asking`.
Each linked helper here is shown the step and the resident's words (masked), with 我来帮 and
请社区工作人员帮. The first who taps 我来帮 talks with the resident through the bot (`Relay`),
the assistant paused as for a worker, until 帮完了, the resident ends it, or the helper passes
it on to the workers. When no helper answered in time, Rasa offers the resident the workers.

A helper sees nothing of the resident's conversation but what the request is about."""

from __future__ import annotations

import datetime as dt
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.notices import FamilyWords
from bot.rasa_client import RasaClient
from bot.telegram.handoffs import CHANNEL, Handoffs, inline_buttons
from bot.telegram.sender_ids import sender_id
from catalog import queries
from family import asking, shares
from family.settings import family_settings
from handoff import queue, request_records
from handoff.clock import utc_now

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
BUTTONS = r"^fam(help|pass|done):\d+$"


class FamilyAsks:
    """The helpers' side of 问家人 on Telegram: asking them, their buttons, the hand-back."""

    def __init__(
        self, handoffs: Handoffs, rasa: RasaClient, words: FamilyWords, sender_key: bytes
    ) -> None:
        self._handoffs, self._db = handoffs, handoffs.db
        self._rasa, self._words, self._sender_key = rasa, words, sender_key

    async def look(self) -> None:
        """Show new requests to the helpers here; offer the workers to residents whose helpers
        did not answer in time (run every few seconds)."""
        now = utc_now()
        for asked in await self._db.run(asking.due_for_helpers, now):
            text = await self._about(asked.request)
            buttons = self._buttons(asked.request.id, (self._words.will_help, "famhelp"))
            for helper in asked.helpers:
                chat = helper.helper_chat
                if chat is not None and chat.channel == CHANNEL and chat.chat_id is not None:
                    await self._handoffs.notify(chat.chat_id, text, buttons)
                    slug = asked.request.service_slug
                    await self._db.run(shares.record, helper, "request", now, slug)
            log.info("family_asked request=%d helpers=%d", asked.request.id, len(asked.helpers))
        wait = dt.timedelta(minutes=family_settings().wait_minutes)
        for request in await self._db.run(asking.unanswered, now, wait):
            log.info("family_unanswered request=%d", request.id)
            await self._handoffs.tell_resident(request, "family_unanswered")

    async def button(self, update: Update, context: Context) -> None:
        """famhelp:N (I will help), fampass:N (ask the workers), famdone:N (done helping)."""
        query, user, chat = update.callback_query, update.effective_user, update.effective_chat
        await query.answer()
        action, _, number = query.data.partition(":")
        helper = sender_id(user.id, self._sender_key)
        try:
            await query.edit_message_reply_markup(None)
        except TelegramError as error:  # the message is too old to edit
            log.debug("family_buttons_kept error=%s", error)
        steps = {"famhelp": self._take, "fampass": self._pass, "famdone": self._done}
        await steps[action](int(number), helper, chat.id)
        raise ApplicationHandlerStop

    async def _take(self, request_id: int, helper: str, chat_id: int) -> None:
        taken = await self._db.run(asking.take, request_id, helper, utc_now())
        if taken is None:
            await self._handoffs.notify(chat_id, self._words.help_gone)
            return
        request, link = taken
        log.info("family_helping request=%d link=%d", request.id, link.id)
        await self._handoffs.tell_resident(
            request, "handoff_started", {"relation": link.relation or ""}
        )
        await self._rasa.pause(request.sender_id)
        buttons = self._buttons(request.id, (self._words.done, "famdone"))
        await self._handoffs.notify(chat_id, self._words.helping, buttons)

    async def _pass(self, request_id: int, helper: str, chat_id: int) -> None:
        before = await self._db.run(queue.get, request_id)
        passed = await self._db.run(asking.pass_to_workers, request_id, helper, utc_now())
        if before is None or passed is None:
            await self._handoffs.notify(chat_id, self._words.help_gone)
            return
        request, link = passed
        log.info("family_passed request=%d link=%d", request.id, link.id)
        if before.status == "assigned":  # the helper had been talking with the resident
            await self._rasa.resume(request.sender_id)
        await self._handoffs.tell_resident(
            request, "family_passed", {"relation": link.relation or ""}
        )
        await self._handoffs.notify(chat_id, self._words.passed)

    async def _done(self, request_id: int, helper: str, chat_id: int) -> None:
        helping = await self._db.run(asking.active_for_helper, helper)
        if helping is None or helping[0].id != request_id:
            await self._handoffs.notify(chat_id, self._words.help_gone)
            return
        _, link = helping
        await self._handoffs.hand_back(
            request_id, closed_by="family", entities={"relation": link.relation or ""}
        )
        await self._handoffs.notify(chat_id, self._words.thanks)

    async def _about(self, request: queue.Request) -> str:
        """What the helper is shown: the step (or the service) and the resident's words."""
        lines = [self._words.needs_help]
        service = await self._db.read(queries.service_by_slug, request.service_slug or "")
        if service is not None and request.step and request.step <= len(service.steps):
            lines.append(
                self._words.doing_step.format(
                    service=service.name,
                    step=request.step,
                    total=len(service.steps),
                    instruction=service.steps[request.step - 1].text,
                )
            )
        elif service is not None:
            lines.append(self._words.doing_service.format(service=service.name))
        if words := await self._db.run(request_records.stuck_words, request):
            lines.append(self._words.said.format(words=words))
        return "\n".join(lines)

    def _buttons(self, request_id: int, first: tuple[str, str]) -> InlineKeyboardMarkup:
        title, action = first
        return inline_buttons(
            (title, f"{action}:{request_id}"), (self._words.pass_on, f"fampass:{request_id}")
        )
