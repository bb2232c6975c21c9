"""A WeChat resident in a community worker's guided session; the worker is on Telegram (the
rules: `teaching.sessions` and `teaching.letters`).

The resident joins by typing the worker's code, or by scanning a QR code whose scene is
`s_<code>`, and is asked here whether they agree (the words: `bot/messages.yml`), with a
msgmenu whose payloads are `consent:<session>:yes|no`. Their answer, and the guide's progress in
Rasa's replies to them, go to the worker through the outbox. Rasa's replies the worker's gateway
asked for (the guide it started, the recap) come the other way and are sent by `handoff.py`."""

from __future__ import annotations

import re
from typing import Any

from bot.app_database import AppDatabase
from bot.notices import SessionWords
from bot.rasa_client import BotMessage
from bot.wechat.incoming import CHANNEL, Heard
from handoff import staff
from handoff.clock import utc_now
from handoff.queue import Chat
from teaching import letters, sessions

CONSENT = re.compile(r"^consent:(\d+):(yes|no)$")


class WeChatSessions:
    """Joining a guided session and consenting, and the progress for the worker."""

    def __init__(self, db: AppDatabase, words: SessionWords) -> None:
        self._db, self._words = db, words

    async def answer(self, heard: Heard, sender: str) -> list[BotMessage] | None:
        """What to send the resident when `heard` is a session's (a code typed, a session's QR
        code scanned, the consent question answered); None when it is for Rasa."""
        if heard.scene and heard.scene.startswith(sessions.LINK_PREFIX):
            code = heard.scene.removeprefix(sessions.LINK_PREFIX)
            return await self._open(code, sender, heard.openid)
        if sessions.looks_like_code(heard.text):
            return await self._open(heard.text, sender, heard.openid)
        if consent := CONSENT.match(heard.text):
            return await self._consent(int(consent[1]), consent[2] == "yes", sender)
        return None

    async def note_progress(self, data: dict[str, Any], sender: str) -> None:
        """A reply's data: the guide's progress for the worker guiding `sender`, if any."""
        await self._db.run(letters.progress_to_worker, sender, data)

    async def _open(self, code: str, sender: str, openid: str) -> list[BotMessage] | None:
        chat = Chat(CHANNEL, recipient=openid)
        guided = await self._db.run(sessions.open_code, code, sender, chat)
        if guided is None:
            return None
        worker = await self._db.run(staff.by_id, guided.worker_id)
        return [self._words.question(guided.id, worker.display_name)]

    async def _consent(self, session_id: int, agreed: bool, sender: str) -> list[BotMessage]:
        """Nothing to say when the question was answered already (a button tapped again)."""
        answered = await self._db.run(
            sessions.answer_consent, session_id, sender, agreed, utc_now()
        )
        if answered is None:
            return []
        await self._db.run(letters.consent_to_worker, answered.id, agreed)
        if not agreed:
            return [BotMessage(self._words.declined)]
        worker = await self._db.run(staff.by_id, answered.worker_id)
        return [BotMessage(self._words.thanks.format(worker=worker.display_name))]
