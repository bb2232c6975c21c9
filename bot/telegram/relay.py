"""While a worker owns a resident's request, their private messages go to each other through
the bot: text (masked on its way to the worker), photos, voice and stickers. A worker guiding a
resident in a session sends them explanations and photos the same way. The resident's
messages are still added to the Rasa conversation, which is paused, so the assistant stays
silent; what Rasa understands in them tells when the resident wants to stop."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.rasa_client import RasaClient
from bot.telegram.choices import ChoiceMemory
from bot.telegram.handoffs import Handoffs, inline_buttons
from bot.telegram.incoming import is_addressed, media_payload, without_mention
from bot.telegram.sender_ids import sender_id
from handoff import queue, request_records, staff
from privacy.masking import mask_personal_data
from teaching import sessions as teaching_sessions

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
# Intents that, in a short message during a handoff, may mean "I want to stop talking with the
# worker" (结束, 算了, 不用了, 拜拜); the resident is asked before it ends.
ENDING_INTENTS = ("stop", "goodbye", "deny")
ENDING_LENGTH = 6  # longer messages are for the worker
STOP_PAYLOAD = "/stop"  # the 结束 button under the "a worker is with you" message
MEDIA_KINDS = {"/sent_photo": "photo", "/sent_voice": "voice", "/sent_sticker": "sticker"}


class Relay:
    """Routes private messages of a resident or worker in a handoff; anything else goes on to
    the resident handlers (and Rasa) as usual."""

    def __init__(
        self, handoffs: Handoffs, rasa: RasaClient, choices: ChoiceMemory, sender_key: bytes
    ) -> None:
        self._handoffs = handoffs
        self._db = handoffs.db
        self._texts = handoffs.texts
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
                await self._pass_on(message, guided.chat_id, "to_resident", message.text, name=name)
                raise ApplicationHandlerStop
        resident = sender_id(user.id, self._sender_key)
        if request := await self._db.run(queue.active_for_resident, resident):
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
            await self._resident_ended(request)
        else:
            await query.edit_message_text(self._texts("keep_talking"))
        raise ApplicationHandlerStop

    async def _from_resident(self, message: Message, resident: str, request: queue.Request) -> None:
        worker = await self._worker_of(request)
        typed = without_mention(message.text, message.get_bot().bot) if message.text else None
        text = await self._choices.resolve(resident, typed) if typed else None
        said = text if text is not None else media_payload(message)
        intent = await self._understood(resident, said)
        kind = "text" if text is not None else MEDIA_KINDS.get(said, "other")
        await self._db.run(request_records.record_message, request.id, "resident", kind, text or "")
        if text == STOP_PAYLOAD:
            await self._resident_ended(request)
            return
        if worker is not None and worker.telegram_user_id:
            await self._pass_on(message, worker.telegram_user_id, "to_worker", text)
        if text is not None and intent in ENDING_INTENTS and len(text) <= ENDING_LENGTH:
            buttons = inline_buttons(
                (self._texts("end_yes"), f"end:{request.id}"),
                (self._texts("end_no"), f"keep:{request.id}"),
            )
            await message.reply_text(self._texts("confirm_end"), reply_markup=buttons)

    async def _understood(self, resident: str, said: str) -> str | None:
        """Add the message to the (paused) conversation; the intent Rasa read in it. Rasa being
        away must not stop the resident and the worker talking."""
        try:
            return await self._rasa.log_message(resident, said)
        except Exception as error:
            log.warning("not_logged_in_conversation error=%s", type(error).__name__)
            return None

    async def _from_worker(
        self, message: Message, worker: staff.Staff, request: queue.Request
    ) -> None:
        await self._db.run(
            request_records.record_message,
            request.id,
            "worker",
            "text" if message.text else MEDIA_KINDS.get(media_payload(message), "other"),
            message.text or "",
        )
        if request.chat is None:
            return
        await self._pass_on(
            message, request.chat.chat_id, "to_resident", message.text, name=worker.display_name
        )

    async def _pass_on(
        self, message: Message, chat_id: int, text_name: str, text: str | None, **values: str
    ) -> None:
        """Text is re-sent with who said it (masked for workers); anything else is copied."""
        try:
            if text is not None:
                shown = mask_personal_data(text) if text_name == "to_worker" else text
                await message.get_bot().send_message(
                    chat_id, self._texts(text_name, text=shown, **values)
                )
            else:
                await message.copy(chat_id)
        except TelegramError as error:
            log.warning("relay_failed error=%s", error)

    async def _resident_ended(self, request: queue.Request) -> None:
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
