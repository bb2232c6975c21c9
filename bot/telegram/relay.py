"""While a worker owns a resident's request, their private messages go to each other through
the bot: text (masked on its way to the worker), photos, voice and stickers; the same between a
resident and the family helper who took their request (问家人). A worker guiding a
resident in a session sends them explanations and photos the same way. The resident's
messages are still added to the Rasa conversation, which is paused, so the assistant stays
silent; what Rasa understands in them tells when the resident wants to stop.

A resident on another channel (WeChat) is reached through the handoff's outbox: the worker's
text goes there for the resident's gateway, and what that gateway put there for the worker
(the resident's words, a note of what they sent, their wish to end) is delivered from here.
A family helper on another channel gets the resident's words through the outbox as well
(`bot.family_asks`), from here also for a resident on a third channel."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.family_asks import FamilyAsks
from bot.notices import FamilyWords, HandoffWords
from bot.rasa_client import RasaClient, heard_while_paused
from bot.telegram.choices import ChoiceMemory
from bot.telegram.handoffs import CHANNEL, Handoffs, inline_buttons
from bot.telegram.incoming import is_addressed, media_payload, without_mention
from bot.telegram.sender_ids import sender_id
from family import asking, shares
from family.links import Link
from handoff import outbox, queue, relaying, request_records, staff
from handoff.clock import utc_now
from privacy.masking import mask_personal_data
from teaching import sessions as teaching_sessions

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


class Relay:
    """Routes private messages of a resident or worker in a handoff; anything else goes on to
    the resident handlers (and Rasa) as usual."""

    def __init__(
        self,
        handoffs: Handoffs,
        rasa: RasaClient,
        choices: ChoiceMemory,
        sender_key: bytes,
        words: HandoffWords,
        family: FamilyAsks,
        family_words: FamilyWords,
    ) -> None:
        self._handoffs = handoffs
        self._db = handoffs.db
        self._texts = handoffs.texts
        self._words = words
        self._family = family
        self._family_words = family_words
        self._rasa = rasa
        self._choices = choices
        self._sender_key = sender_key

    async def message(self, update: Update, context: Context) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        if message.chat.type != ChatType.PRIVATE:
            # In a group only a resident's own message to the bot, while a worker is with them:
            # Rasa is paused for them, so it would go unanswered.
            if is_addressed(message, context.bot.bot):
                resident = sender_id(user.id, self._sender_key)
                if request := await self._db.run(queue.active_for_resident, resident):
                    await self._from_resident(message, resident, request)
                    raise ApplicationHandlerStop
            return
        member = await self._db.run(staff.by_telegram_user, user.id)
        if member is not None and not (message.text or "").startswith("/"):
            if request := await self._db.run(queue.active_for_worker, member.id):
                await self._from_worker(message, member, request)
                raise ApplicationHandlerStop
            guided = await self._db.run(teaching_sessions.open_for_worker, member.id)
            if guided is not None and guided.status == "active" and guided.chat_id is not None:
                # An explanation or a photo for the resident being guided.
                name = member.display_name
                template = self._texts.template("to_resident")
                await self._pass_on(message, guided.chat_id, template, message.text, name=name)
                raise ApplicationHandlerStop
        resident = sender_id(user.id, self._sender_key)
        if helping := await self._db.run(asking.active_for_helper, resident):
            await self._from_helper(message, *helping)
            raise ApplicationHandlerStop
        if request := await self._db.run(queue.active_for_resident, resident):
            if request.family_link_id and not await self._db.run(asking.helper_of, request):
                await self.resident_ended(request)  # the helper left or was removed
                return  # the assistant, back, answers this message
            await self._from_resident(message, resident, request)
            raise ApplicationHandlerStop

    async def button(self, update: Update, context: Context) -> None:
        """The resident's answer to "结束吗？": end:N or keep:N."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None or not query.data:
            return
        await query.answer()
        action, _, number = query.data.partition(":")
        request = await self._db.run(queue.get, int(number))
        resident = sender_id(user.id, self._sender_key)
        if request is None or request.sender_id != resident or request.status != "assigned":
            await query.edit_message_reply_markup(None)
            raise ApplicationHandlerStop
        if action == "end":
            await query.edit_message_reply_markup(None)
            await self.resident_ended(request)
        else:
            await query.edit_message_text(self._words.keep_talking)
        raise ApplicationHandlerStop

    async def _from_resident(self, message: Message, resident: str, request: queue.Request) -> None:
        typed = without_mention(message.text, message.get_bot().bot) if message.text else None
        text = await self._choices.resolve(resident, typed) if typed else None
        said = text if text is not None else media_payload(message)
        intent = await heard_while_paused(self._rasa, resident, said)
        kind = "text" if text is not None else relaying.kind_of(said)
        await self._db.run(request_records.record_message, request.id, "resident", kind, text or "")
        if text == relaying.STOP_PAYLOAD:
            await self.resident_ended(request)
            return
        if request.family_link_id is not None:
            helper = await self._db.run(asking.helper_of, request)
            if helper is not None and (chat_id := _telegram_chat(helper)) is not None:
                await self._pass_on(message, chat_id, self._family_words.to_helper, text)
                shown = "message" if text is not None else "photo"
                await self._db.run(shares.record, helper, shown, utc_now(), request.service_slug)
            elif helper is not None:  # on another channel: words, or a note of what was sent
                await self._family.to_helper(request, helper, text)
        elif (worker := await self._worker_of(request)) and worker.telegram_user_id:
            await self._pass_on(
                message, worker.telegram_user_id, self._texts.template("to_worker"), text
            )
        if text is not None and relaying.wants_to_end(intent, text):
            buttons = inline_buttons(
                (self._words.end_yes, f"{relaying.END}:{request.id}"),
                (self._words.end_no, f"{relaying.KEEP}:{request.id}"),
            )
            await message.reply_text(self._words.confirm_end, reply_markup=buttons)

    async def _from_worker(
        self, message: Message, worker: staff.Staff, request: queue.Request
    ) -> None:
        await self._db.run(
            request_records.record_message,
            request.id,
            "worker",
            "text" if message.text else relaying.kind_of(media_payload(message)),
            message.text or "",
        )
        await self._to_resident(
            message, request, self._texts.template("to_resident"), worker.display_name
        )

    async def _from_helper(self, message: Message, request: queue.Request, link: Link) -> None:
        """A family helper's words or photo, to the resident they help, as "女儿：……"."""
        kind = "text" if message.text else relaying.kind_of(media_payload(message))
        await self._db.run(
            request_records.record_message, request.id, "family", kind, message.text or ""
        )
        relation = link.relation or ""
        await self._to_resident(message, request, self._family_words.to_resident, relation)

    async def _to_resident(
        self, message: Message, request: queue.Request, template: str, name: str
    ) -> None:
        """A helper's message, with their name, in the resident's chat or their channel's outbox."""
        if request.chat is None:
            return
        if request.chat.channel == CHANNEL and request.chat.chat_id is not None:
            await self._pass_on(message, request.chat.chat_id, template, message.text, name=name)
        elif message.text is None:  # another channel: only words can go through the outbox
            await message.reply_text(self._texts("text_only"))
        else:
            said = template.format(name=name, text=message.text)
            await self._db.run(outbox.to_resident, request, "text", said)

    async def deliver_letters(self) -> None:
        """What gateways of other channels left for workers: a resident's words (masked), a note
        of what they sent, or their wish to end the talk (run every few seconds)."""
        for letter in await self._db.run(
            outbox.take, outbox.WORKER, utc_now(), None, outbox.REQUEST
        ):
            request = await self._db.run(queue.get, letter.request_id)
            if request is None:
                continue
            if letter.kind == outbox.END:
                await self.resident_ended(request)
                continue
            if request.family_link_id is not None:
                # The resident's helper, wherever they are.
                if helper := await self._db.run(asking.helper_of, request):
                    said = letter.text if letter.kind == "text" else None
                    await self._family.to_helper(request, helper, said)
                continue
            worker = await self._worker_of(request)
            text = (
                self._texts("to_worker", text=letter.text)
                if letter.kind == "text"
                else self._texts(f"resident_sent_{letter.kind}")
            )
            if worker and worker.telegram_user_id:
                await self._handoffs.notify(worker.telegram_user_id, text)

    async def _pass_on(
        self, message: Message, chat_id: int, template: str, text: str | None, **values: str
    ) -> None:
        """Text is re-sent with who said it (masked when it is the resident's: `values` has no
        name); anything else is copied."""
        try:
            if text is not None:
                shown = text if "name" in values else mask_personal_data(text)
                await message.get_bot().send_message(chat_id, template.format(text=shown, **values))
            else:
                await message.copy(chat_id)
        except TelegramError as error:
            log.warning("relay_failed error=%s", error)

    async def resident_ended(self, request: queue.Request) -> None:
        """The resident ended the talk: hand back, and ask the worker for the outcome (a family
        helper is told)."""
        if request.family_link_id is not None:
            await self._family.resident_ended(request)
            return
        closed = await self._handoffs.hand_back(request.id, closed_by="resident")
        worker = await self._worker_of(request)
        if closed is None or worker is None or not worker.telegram_user_id:
            return
        await self._handoffs.notify(
            worker.telegram_user_id,
            f"{self._texts('resident_ended', number=request.id)}\n{self._texts('ask_outcome')}",
            self._handoffs.outcome_buttons(request.id),
        )

    async def _worker_of(self, request: queue.Request) -> staff.Staff | None:
        return await self._db.run(staff.by_id, request.worker_id) if request.worker_id else None


def _telegram_chat(helper: Link | None) -> int | None:
    """A family helper's Telegram chat, if they are on Telegram."""
    chat = helper.helper_chat if helper is not None else None
    return chat.chat_id if chat is not None and chat.channel == CHANNEL else None
