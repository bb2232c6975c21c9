"""A WeChat resident following a community worker's class; the class runs in a Telegram group
(the rules: `teaching.classes` and `teaching.class_letters`).

The resident types the code the worker's panel shows, and gets a welcome, the steps they missed
and the class's current step with 我做好了 / 我卡住了 (payloads `class:<class>:<step>:done|stuck`).
An answer is recorded here and the worker's gateway is told through the outbox, which redraws the
tally; the next steps, a nudge and the recap come the other way and are sent by `handoff.py`."""

from __future__ import annotations

import re

from bot import class_steps
from bot.app_database import AppDatabase
from bot.notices import ClassWords
from bot.rasa_client import BotMessage
from bot.wechat.incoming import CHANNEL, Heard
from catalog import queries
from handoff import staff
from handoff.queue import Chat
from teaching import class_letters, classes, sessions

ANSWER = re.compile(r"^class:(\d+):(\d+):(done|stuck)$")


class WeChatClasses:
    """Joining a class by its code, and answering on its steps."""

    def __init__(self, db: AppDatabase, words: ClassWords) -> None:
        self._db, self._words = db, words

    async def answer(self, heard: Heard, sender: str) -> list[BotMessage] | None:
        """What to send the resident when `heard` is a class's (its code typed, a step answered);
        None when it is for Rasa."""
        if sessions.looks_like_code(heard.text):
            return await self._join(heard.text, sender, heard.openid)
        if answered := ANSWER.match(heard.text):
            class_id, step = int(answered[1]), int(answered[2])
            return await self._record(class_id, step, answered[3], sender)
        return None

    async def _join(self, code: str, sender: str, openid: str) -> list[BotMessage] | None:
        chat = Chat(CHANNEL, recipient=openid)
        joined = await self._db.run(
            classes.join, code, sender, chat, lambda n: self._words.other_member.format(number=n)
        )
        if joined is None:
            return None
        taught, _, _ = joined
        service = await self._db.read(queries.service_by_slug, taught.service_slug)
        worker = await self._db.run(staff.by_id, taught.worker_id)
        welcome = self._words.joined.format(worker=worker.display_name, service=service.name)
        replies = [BotMessage(welcome)]
        if taught.step > 1:
            replies.append(BotMessage(class_steps.missed_steps(self._words, service, taught.step)))
        replies.append(class_steps.step_message(self._words, taught.id, service, taught.step))
        await self._db.run(class_letters.answered_to_worker, taught.id)  # one more on the panel
        return replies

    async def _record(self, class_id: int, step: int, answer: str, sender: str) -> list[BotMessage]:
        """Nothing to say when the class is over (a button of an old step tapped)."""
        answered = await self._db.run(
            classes.answer, class_id, step=step, answer=answer, sender_id=sender
        )
        taught = await self._db.run(classes.get, class_id)
        if answered is None or taught is None:
            return []
        await self._db.run(class_letters.answered_to_worker, class_id)
        if answer == "done":
            return [BotMessage(self._words.done_thanks)]
        worker = await self._db.run(staff.by_id, taught.worker_id)
        return [BotMessage(self._words.stuck_thanks.format(worker=worker.display_name))]
