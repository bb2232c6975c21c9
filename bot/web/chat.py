"""Where a web resident's answers go: the conversation's kept lines, which the page reads (it
asks for new ones every few seconds). Each button is kept with its payload, which the page
sends back when it is tapped."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.app_database import AppDatabase
from bot.notices import Notices
from bot.rasa_client import BotMessage
from bot.recipient_chat import RecipientChat
from bot.replies import offered_buttons
from catalog import web_conversations

RESIDENT, ASSISTANT, WORKER, NOTICE = "resident", "assistant", "worker", "notice"
# A reply's custom data, with the id of the conversation it came for.
OnData = Callable[[dict[str, Any], str], Awaitable[None]]


class WebChat(RecipientChat):
    """The `Chat` of a delivery: one web conversation, by its id (never logged)."""

    def __init__(
        self,
        db: AppDatabase,
        conversation_id: str,
        notices: Notices,
        on_data: OnData | None = None,
    ) -> None:
        self._db, self._recipient = db, conversation_id
        self._notices, self._on_data = notices, on_data

    async def say(self, text: str) -> None:
        """One of the gateway's own notices."""
        await self._db.run(web_conversations.add, self._recipient, NOTICE, text)

    async def pass_on(self, text: str) -> None:
        """A worker's words (“李姐：……”), shown as theirs, not the assistant's."""
        await self._db.run(web_conversations.add, self._recipient, WORKER, text)

    async def answer(self, replies: list[BotMessage]) -> None:
        """Keep `replies` for the page: one line per text, the buttons under the last one.
        Data attached to a reply (not shown) goes to `on_data`."""
        if self._on_data is not None:
            for reply in replies:
                if reply.custom:
                    await self._on_data(reply.custom, self._recipient)
        texts = [reply.text.strip() for reply in replies if reply.text.strip()]
        buttons = [(button.title, button.payload) for button in offered_buttons(replies)]
        if buttons and not texts:
            texts = [""]
        for number, text in enumerate(texts, start=1):
            shown = buttons if number == len(texts) else []
            await self._db.run(web_conversations.add, self._recipient, ASSISTANT, text, shown)
