"""A community's link (`t.me/<bot>?start=c_<code>`, on its posters and in its classes): the
resident becomes one of that community's residents in the reports, then is welcomed as usual."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.app_database import AppDatabase
from bot.telegram.sender_ids import sender_id
from catalog import communities

LINK = rf"^/start(@\w+)?\s+{communities.LINK_PREFIX}"


class CommunityLink:
    """Records who opened which community's link; the /start itself goes on to Rasa."""

    def __init__(self, db: AppDatabase, sender_key: bytes) -> None:
        self._db, self._sender_key = db, sender_key

    async def opened(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        code = (context.args or [""])[0].removeprefix(communities.LINK_PREFIX)
        resident = sender_id(update.effective_user.id, self._sender_key)
        await self._db.run(communities.join, resident, code)
