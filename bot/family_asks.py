"""A gateway's part in 问家人 (the rules: `family.asking`), the same on every channel.

Whichever gateway claims a new request (`asking.due_for_helpers` gives it to one only) shows
it to all the resident's helpers: directly to those on its own channel, through the outbox
(`outbox.HELPER` letters for the helper's chat) to the others, whose gateway shows the buttons
its own way (inline on Telegram, a msgmenu on WeChat). A helper's taps (payloads `famhelp:N`
我来帮, `fampass:N` 请社区工作人员帮, `famdone:N` 帮完了) and words are handled by the helper's
gateway; what the resident is to hear (Rasa's replies, the helper's words as "女儿：……") goes
to them directly when they are on the same channel, else through the outbox. The resident's
words go to the helper masked ("家人：……"), by the resident's gateway or, for residents on a
channel without workers, by the workers' gateway that takes their letters (`Relay`).

A helper sees nothing of the resident's conversation but what the request is about."""

from __future__ import annotations

import datetime as dt
import logging
import re

from bot.app_database import AppDatabase
from bot.notices import FamilyWords
from bot.outbox_handoff import Answer, let_rasa_tell, reply_where_they_are
from bot.rasa_client import BotMessage, Button, RasaClient
from catalog import queries
from family import asking, shares
from family.links import Link
from family.settings import family_settings
from handoff import outbox, queue, request_records
from handoff.clock import utc_now
from privacy.masking import mask_personal_data

log = logging.getLogger(__name__)

TAP = re.compile(r"^fam(help|pass|done):(\d+)$")


class FamilyAsks:
    """Asking the helpers, their taps, the talk's words, the hand-back.

    `answer` sends Rasa's replies to a resident on this channel; `show` sends words, with
    buttons, to a helper on this channel."""

    def __init__(
        self,
        db: AppDatabase,
        rasa: RasaClient,
        words: FamilyWords,
        channel: str,
        answer: Answer,
        show: Answer,
    ) -> None:
        self._db, self._rasa, self._words = db, rasa, words
        self._channel, self._answer, self._show = channel, answer, show

    async def look(self) -> None:
        """Show new requests to the helpers; offer the workers to residents whose helpers did
        not answer in time (run every few seconds)."""
        now = utc_now()
        for asked in await self._db.run(asking.due_for_helpers, now):
            request = asked.request
            shown = [BotMessage(await self.about(request), self._buttons(request.id, "help"))]
            for helper in asked.helpers:
                if await self.tell_helper(helper, request.id, shown):
                    await self._db.run(shares.record, helper, "request", now, request.service_slug)
            log.info("family_asked request=%d helpers=%d", request.id, len(asked.helpers))
        wait = dt.timedelta(minutes=family_settings().wait_minutes)
        for request in await self._db.run(asking.unanswered, now, wait):
            log.info("family_unanswered request=%d", request.id)
            await self.tell_resident(request, "family_unanswered")

    async def tapped(self, text: str, helper: str) -> list[BotMessage] | None:
        """What to answer the helper `helper` when `text` is one of their taps; None when it is
        not, and goes on."""
        if (tap := TAP.match(text)) is None:
            return None
        steps = {"help": self._take, "pass": self._pass, "done": self._done}
        return await steps[tap[1]](int(tap[2]), helper)

    async def from_helper(
        self, request: queue.Request, link: Link, kind: str, text: str
    ) -> list[BotMessage]:
        """A helper's message (`kind` of `relaying`) for the resident, as "女儿：……"; what to
        answer the helper (only words go to another channel, or from one without copies)."""
        said = text if kind == "text" else ""
        await self._db.run(request_records.record_message, request.id, "family", kind, said)
        if kind != "text":
            return [BotMessage(self._words.words_only)]
        if request.chat is None:
            return []
        words = self._words.to_resident.format(name=link.relation or "", text=text)
        if request.chat.channel == self._channel:
            await self._answer(request.chat, request.sender_id, [BotMessage(words)])
        else:
            await self._db.run(outbox.to_resident, request, "text", words)
        return []

    async def to_helper(self, request: queue.Request, helper: Link, text: str | None) -> None:
        """The resident's words (masked), or a note that they sent something without words, for
        the helper; recorded as shown (谁看过)."""
        words = (
            self._words.to_helper.format(text=mask_personal_data(text))
            if text is not None
            else self._words.resident_sent
        )
        if await self.tell_helper(helper, request.id, [BotMessage(words)]):
            shown = "message" if text is not None else "photo"
            await self._db.run(shares.record, helper, shown, utc_now(), request.service_slug)

    async def resident_ended(self, request: queue.Request) -> None:
        """The resident ended the talk (or their helper left): hand back, tell the helper."""
        helper = await self._db.run(asking.helper_of, request)
        relation = (helper.relation if helper else None) or "家人"  # it may have left
        closed = await self.hand_back(request.id, "resident", relation)
        if closed is not None and helper is not None:
            await self.tell_helper(helper, request.id, [BotMessage(self._words.resident_ended)])

    async def tell_helper(self, helper: Link, request_id: int, replies: list[BotMessage]) -> bool:
        """`replies` for the helper, wherever they are; False when they cannot be reached."""
        chat, sender = helper.helper_chat, helper.helper_sender_id
        if chat is None or sender is None:
            return False
        await reply_where_they_are(
            self._db,
            self._channel,
            self._show,
            chat,
            sender,
            replies,
            kind=outbox.HELPER,
            request_id=request_id,
        )
        return True

    async def tell_resident(
        self, request: queue.Request, intent: str, entities: dict[str, str] | None = None
    ) -> None:
        """Rasa says what happened, wherever the resident is."""
        await let_rasa_tell(
            self._db, self._rasa, self._channel, self._answer, request, intent, entities
        )

    async def hand_back(
        self, request_id: int, closed_by: str, relation: str
    ) -> queue.Request | None:
        """End the talk: the assistant answers again and offers to go on with the guide."""
        request = await self._db.run(queue.resolve, request_id, utc_now(), closed_by=closed_by)
        if request is None:
            return None
        log.info("family_handed_back request=%d by=%s", request_id, closed_by)
        await self._rasa.resume(request.sender_id)
        await self.tell_resident(request, "handoff_ended", {"relation": relation})
        return request

    async def about(self, request: queue.Request) -> str:
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

    async def _take(self, request_id: int, helper: str) -> list[BotMessage]:
        taken = await self._db.run(asking.take, request_id, helper, utc_now())
        if taken is None:
            return [BotMessage(self._words.help_gone)]
        request, link = taken
        log.info("family_helping request=%d link=%d", request.id, link.id)
        await self.tell_resident(request, "handoff_started", {"relation": link.relation or ""})
        await self._rasa.pause(request.sender_id)
        return [BotMessage(self._words.helping, self._buttons(request.id, "done"))]

    async def _pass(self, request_id: int, helper: str) -> list[BotMessage]:
        before = await self._db.run(queue.get, request_id)
        passed = await self._db.run(asking.pass_to_workers, request_id, helper, utc_now())
        if before is None or passed is None:
            return [BotMessage(self._words.help_gone)]
        request, link = passed
        log.info("family_passed request=%d link=%d", request.id, link.id)
        if before.status == "assigned":  # the helper had been talking with the resident
            await self._rasa.resume(request.sender_id)
        await self.tell_resident(request, "family_passed", {"relation": link.relation or ""})
        return [BotMessage(self._words.passed)]

    async def _done(self, request_id: int, helper: str) -> list[BotMessage]:
        helping = await self._db.run(asking.active_for_helper, helper)
        if helping is None or helping[0].id != request_id:
            return [BotMessage(self._words.help_gone)]
        await self.hand_back(request_id, "family", helping[1].relation or "")
        return [BotMessage(self._words.thanks)]

    def _buttons(self, request_id: int, first: str) -> list[Button]:
        """我来帮 (`help`) or 帮完了 (`done`), then 请社区工作人员帮."""
        title = self._words.will_help if first == "help" else self._words.done
        return [
            Button(title, f"fam{first}:{request_id}"),
            Button(self._words.pass_on, f"fampass:{request_id}"),
        ]
