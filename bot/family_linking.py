"""A gateway's part in linking a family helper (the rules: `family.links`), the same on every
channel: a family member who opens a resident's code (typed, or from a link) is asked who they
are; once they said it, Rasa asks the resident (`family_asks`), whose gateway may be another
channel's (then through the outbox); and the family member is told what the resident decided.

Buttons' payloads: `famrel:<link>:<relation>` (an empty relation: they will type it) and
`famleave:<link>`."""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.app_database import AppDatabase
from bot.notices import FamilyWords
from bot.outbox_handoff import Answer, reply_where_they_are
from bot.rasa_client import BotMessage, Button, RasaClient
from family import links
from family.links import Helper, Link
from handoff.clock import utc_now
from handoff.queue import Chat
from teaching.sessions import looks_like_code

log = logging.getLogger(__name__)

RELATION = re.compile(r"^famrel:(\d+):(.*)$")
LEAVE = re.compile(r"^famleave:(\d+)$")


class FamilyLinking:
    """Opening a code, naming oneself, leaving; the news for family members on this channel."""

    def __init__(
        self, db: AppDatabase, rasa: RasaClient, words: FamilyWords, channel: str, answer: Answer
    ) -> None:
        self._db, self._rasa, self._words = db, rasa, words
        self._channel = channel
        self._answer = answer  # sends replies to a chat of this channel

    async def note_chat(self, data: dict[str, Any], chat: Chat) -> None:
        """Rasa gave the resident a code: keep where they are, for the family member's turn."""
        family = data.get("family")
        if isinstance(family, dict) and isinstance(family.get("invite"), int):
            await self._db.run(links.register_resident_chat, family["invite"], chat)

    async def heard(self, text: str, helper: Helper, *, typed: bool) -> list[BotMessage] | None:
        """What to answer when `text` is a family member's (a code, a relation, leaving); None
        when it is not, and goes on."""
        if relation := RELATION.match(text):
            return await self._named(int(relation[1]), helper, relation[2])
        if leave := LEAVE.match(text):
            return await self._leave(int(leave[1]), helper)
        if typed and looks_like_code(text) and (opened := await self.open(text, helper)):
            return opened
        if typed and (naming := await self._db.run(links.naming_by, helper.sender_id)):
            return await self._named(naming.id, helper, text)
        return None

    async def open(self, code: str, helper: Helper) -> list[BotMessage] | None:
        """A code opened: who are you? None when it is no open code (a forged or used one)."""
        opened = await self._db.run(links.open_code, code, helper, utc_now())
        if opened is None:
            return None
        log.info("family_code_opened link=%d", opened.id)
        return [BotMessage(self._words.ask_relation, self._words.relation_buttons(opened.id))]

    def unknown(self) -> list[BotMessage]:
        """A link's code that opens nothing (forged, used, expired)."""
        return [BotMessage(self._words.code_unknown)]

    async def news(self) -> list[tuple[Chat, str, list[BotMessage]]]:
        """What this channel's family members are to be told (the resident agreed, declined or
        removed them), each once, with where and who they are; a gateway sends them on its
        regular look."""
        told = []
        for link in await self._db.run(links.untold, self._channel):
            if link.helper_chat is not None and link.helper_sender_id is not None:
                told.append((link.helper_chat, link.helper_sender_id, self._news_of(link)))
            await self._db.run(links.told, link.id, link.status)
        return told

    async def tell(self) -> None:
        """The news, sent as this channel's replies (its buttons come back as their payloads)."""
        for chat, helper, replies in await self.news():
            await self._answer(chat, helper, replies)

    async def _named(self, link_id: int, helper: Helper, relation: str) -> list[BotMessage]:
        if not relation.strip():
            return [BotMessage(self._words.type_relation)]
        named = await self._db.run(links.name, link_id, helper.sender_id, relation)
        if named is None:
            return []  # a button tapped again
        await self._ask_resident(named)
        return [BotMessage(self._words.asked)]

    async def _ask_resident(self, link: Link) -> None:
        """Rasa asks the resident, wherever they are."""
        if link.resident_chat is None:
            log.warning("family_resident_unreachable link=%d", link.id)
            return
        resident = link.resident_sender_id
        replies = await self._rasa.trigger(resident, "family_asks", {"family_link": str(link.id)})
        await reply_where_they_are(
            self._db, self._channel, self._answer, link.resident_chat, resident, replies
        )

    async def _leave(self, link_id: int, helper: Helper) -> list[BotMessage]:
        left = await self._db.run(links.leave, helper.sender_id, link_id, utc_now())
        return [BotMessage(self._words.left)] if left is not None else []

    def _news_of(self, link: Link) -> list[BotMessage]:
        if link.status == "linked":
            leave = Button(self._words.leave, f"famleave:{link.id}")
            return [BotMessage(self._words.linked, [leave])]
        return [
            BotMessage(self._words.declined if link.status == "declined" else self._words.removed)
        ]
