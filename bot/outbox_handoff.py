"""The side of a handoff of a resident on a channel the workers are not on (WeChat, the web):
the worker is on Telegram.

Each gateway delivers only to its own people, so the two meet in the handoff's outbox
(`handoff.outbox`): while a worker owns a resident's request, the resident's messages are not
turns for Rasa; they are added to the paused conversation (to read a wish to end, which is
asked about first) and put in the outbox for the workers' gateway, as a note of what was sent
when there are no words. What the outbox holds for the channel's residents (the worker's words, and
Rasa's replies at claim, hand-back and expiry, which the workers' gateway asked for) is sent
from here on a timer. Changes of the request's state are the workers' gateway's alone: a
resident who ends the talk leaves their wish in the outbox for it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection
from typing import Any, Protocol

from bot.app_database import AppDatabase
from bot.delivery import NotDelivered
from bot.notices import HandoffWords
from bot.rasa_client import BotMessage, Button, RasaClient, heard_while_paused
from bot.regular_looks import look_regularly
from handoff import outbox, queue, relaying, request_records
from handoff.clock import utc_now

log = logging.getLogger(__name__)


class ResidentChat(Protocol):
    """Where a resident on the channel reads the gateway's notices and Rasa's replies."""

    async def say(self, text: str) -> None: ...

    async def answer(self, replies: list[BotMessage]) -> None: ...

    async def pass_on(self, text: str) -> None:
        """Words from the workers' side (a worker's message, with their name in it)."""
        ...


ChatFor = Callable[[str], ResidentChat]  # the resident's address on the channel → their chat
Answer = Callable[[queue.Chat, str, list[BotMessage]], Awaitable[None]]  # chat, sender, replies


async def reply_where_they_are(
    db: AppDatabase,
    channel: str,
    answer: Answer,
    chat: queue.Chat,
    sender: str,
    replies: list[BotMessage],
    *,
    kind: str = outbox.REPLIES,
    request_id: int | None = None,
) -> None:
    """`replies` for the person at `chat`: sent by `answer` when they are on `channel`, else
    left in the outbox (as `kind`) for the gateway of their channel."""
    if chat.channel == channel:
        await answer(chat, sender, replies)
        return
    rest = [reply.as_rest() for reply in replies]
    await db.run(outbox.for_resident, chat, kind, replies=rest, request_id=request_id)


async def let_rasa_tell(
    db: AppDatabase,
    rasa: RasaClient,
    channel: str,
    answer: Answer,
    request: queue.Request,
    intent: str,
    entities: dict[str, str] | None = None,
) -> None:
    """Rasa says what happened to a help request (its words live in domain.yml), wherever its
    resident is: sent by `answer` on `channel`, else through the outbox."""
    if request.chat is None:  # asked through a channel nobody can reach
        return
    replies = await rasa.trigger(request.sender_id, intent, entities)
    await reply_where_they_are(
        db, channel, answer, request.chat, request.sender_id, replies, request_id=request.id
    )


class OutboxHandoff:
    """Relays a resident's messages while a worker talks with them, and delivers the outbox's
    messages for the residents of one channel.

    `wordless` are the payloads the channel sends for messages without words (a photo, a file):
    the worker is told what was sent."""

    def __init__(
        self,
        channel: str,
        db: AppDatabase,
        rasa: RasaClient,
        words: HandoffWords,
        chat_for: ChatFor,
        check_seconds: float,
        wordless: Collection[str] = (),
    ) -> None:
        self._channel, self._db, self._rasa, self._words = channel, db, rasa, words
        self._chat_for = chat_for
        self._check_seconds = check_seconds
        self._wordless = frozenset(wordless)

    async def note_chat(self, data: dict[str, Any], recipient: str) -> None:
        """Rasa's reply opened a request: keep the resident's address while it is open, for the
        workers' gateway to reach them through the outbox."""
        if (request_id := relaying.opened_request(data)) is not None:
            chat = queue.Chat(self._channel, recipient=recipient)
            await self._db.run(queue.register_chat, request_id, chat)

    async def in_handoff(self, sender: str) -> queue.Request | None:
        """The resident's request a worker owns now, if any."""
        return await self._db.run(queue.active_for_resident, sender)

    async def relay(self, request: queue.Request, sender: str, recipient: str, text: str) -> None:
        """One message of the resident (`text` as Rasa would hear it) for their worker."""
        answer = relaying.answer_to_ending(text, request.id)
        if text == relaying.STOP_PAYLOAD or answer == relaying.END:
            await self._db.run(outbox.to_worker, request.id, outbox.END)
            return
        chat = self._chat_for(recipient)
        if answer == relaying.KEEP:
            await chat.say(self._words.keep_talking)
            return
        kind = relaying.kind_heard(text, self._wordless)
        said = text if kind == "text" else ""
        intent = await heard_while_paused(self._rasa, sender, text)
        await self._db.run(request_records.record_message, request.id, "resident", kind, said)
        await self._db.run(outbox.to_worker, request.id, kind, said)
        if kind == "text" and relaying.wants_to_end(intent, text):
            buttons = [
                Button(self._words.end_yes, f"{relaying.END}:{request.id}"),
                Button(self._words.end_no, f"{relaying.KEEP}:{request.id}"),
            ]
            await self.send(chat, [BotMessage(self._words.confirm_end, buttons)])

    async def deliver_letters(self) -> None:
        """The outbox's messages for the channel's residents (of requests, sessions and
        classes), each sent once; one the channel refuses is held until the resident writes
        again."""
        for letter in await self._db.run(outbox.take, outbox.RESIDENT, utc_now(), self._channel):
            if letter.chat is None or not letter.chat.recipient:
                continue
            chat = self._chat_for(letter.chat.recipient)
            try:
                if letter.kind in (outbox.REPLIES, outbox.HELPER):
                    await chat.answer([BotMessage.from_rest(reply) for reply in letter.replies])
                else:
                    await chat.pass_on(letter.text)
            except NotDelivered as error:  # out of the channel's reach for now
                log.warning("letter_held kind=%s reason=%s", letter.kind, error)
                await self._db.run(outbox.hold, letter, utc_now())

    async def release_letters(self, recipient: str) -> None:
        """The resident wrote, so the channel lets us write to them again: what was held goes
        now."""
        chat = queue.Chat(self._channel, recipient=recipient)
        if released := await self._db.run(outbox.release, chat):
            log.info("letters_released count=%d", released)

    async def watch(self) -> None:
        """Deliver the outbox's messages every few seconds until cancelled."""
        await look_regularly((self.deliver_letters,), self._check_seconds)

    async def send(self, chat: ResidentChat, replies: list[BotMessage]) -> None:
        """Replies not kept for another try: one the channel refuses is logged (the transcript
        keeps a handoff's words)."""
        if not replies:
            return
        try:
            await chat.answer(replies)
        except NotDelivered as error:  # out of the channel's reach for now
            log.warning("handoff_message_not_sent reason=%s", error)
