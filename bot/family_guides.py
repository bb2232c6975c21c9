"""A gateway's part in a family helper guiding their resident (the rules: `family.guiding`):
the helper's reply carries the proposed guide (data `{"family": {"guide": id}}`), so Rasa asks
the resident (`family_guide_asked`) wherever they are; the resident's reply carries their
answer (`guide_answer`) and then the guide's progress, which the helper is told of, each a line
(a share the resident can see under 谁看过). Between channels both go through the outbox, as
everything else between a resident and their helper does."""

from __future__ import annotations

import logging
from typing import Any

from bot.app_database import AppDatabase
from bot.notices import FamilyWords
from bot.outbox_handoff import Answer, reply_where_they_are
from bot.rasa_client import BotMessage, RasaClient
from catalog import queries
from family import guiding, shares
from family.guiding import Guide
from handoff.clock import utc_now
from handoff.outbox import HELPER
from teaching.sessions import Progress

log = logging.getLogger(__name__)


class FamilyGuides:
    """Asking the resident, telling the helper their answer and each move of the guide."""

    def __init__(
        self, db: AppDatabase, rasa: RasaClient, words: FamilyWords, channel: str, answer: Answer
    ) -> None:
        self._db, self._rasa, self._words = db, rasa, words
        self._channel, self._answer = channel, answer

    async def on_data(self, data: dict[str, Any], sender: str) -> None:
        """Data of a reply to `sender`: a guide they proposed, their answer to one, its moves."""
        family = data.get("family")
        if isinstance(family, dict) and isinstance(family.get("guide"), int):
            await self._ask_resident(family["guide"], sender)
        answered = family.get("guide_answer") if isinstance(family, dict) else None
        if isinstance(answered, dict) and isinstance(answered.get("id"), int):
            await self._tell_answer(answered["id"], sender, bool(answered.get("agreed")))
        if (progress := Progress.from_data(data)) is not None:
            await self._tell_progress(progress, sender)

    async def _ask_resident(self, guide_id: int, helper: str) -> None:
        guide = await self._db.run(guiding.proposed, guide_id, helper)
        if guide is None or guide.link.helper_chat is None:
            return
        resident, chat = guide.link.resident_sender_id, guide.link.resident_chat
        if chat is None:
            log.warning("family_guide_resident_unreachable guide=%d", guide.id)
            return
        replies = await self._rasa.trigger(
            resident, "family_guide_asked", {"family_guide": str(guide.id)}
        )
        await reply_where_they_are(self._db, self._channel, self._answer, chat, resident, replies)

    async def _tell_answer(self, guide_id: int, resident: str, agreed: bool) -> None:
        guide = await self._db.run(guiding.of_resident, guide_id, resident)
        if guide is None:
            return
        service = await self._service(guide.service_slug)
        text = self._words.guide_agreed if agreed else self._words.guide_declined
        await self._tell_helper(guide, text.format(service=service))

    async def _tell_progress(self, progress: Progress, resident: str) -> None:
        guide = await self._db.run(
            guiding.record, resident, progress.service, progress.step, progress.event, utc_now()
        )
        if guide is None or progress.event == "started":  # the helper was told they agreed
            return
        name = "guide_stuck_said" if progress.event == "stuck" and progress.said else None
        text = getattr(self._words, name or f"guide_{progress.event}").format(
            service=await self._service(guide.service_slug),
            step=progress.step,
            total=progress.total,
            said=progress.said,
        )
        await self._db.run(shares.record, guide.link, "progress", utc_now(), guide.service_slug)
        await self._tell_helper(guide, text)

    async def _tell_helper(self, guide: Guide, text: str) -> None:
        chat, helper = guide.link.helper_chat, guide.link.helper_sender_id
        if chat is None or helper is None:
            return
        await reply_where_they_are(
            self._db, self._channel, self._answer, chat, helper, [BotMessage(text)], kind=HELPER
        )

    async def _service(self, slug: str) -> str:
        return await self._db.read(queries.service_name, slug) or slug
