"""The buttons last shown to each Telegram resident, so a tapped title is sent to Rasa as its
payload.

A Telegram reply keyboard sends the button's title back as ordinary text: only the gateway
knows which payload that title stood for. (WeChat's menus and the web page send the payload
itself; what was offered, and what typed words mean, is Rasa's: the `offer` slot.) What was
shown is kept in a store (the app database in production), so a tap still works after a
gateway restart; recent residents are also kept in memory.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol

from bot.app_database import AppDatabase
from bot.rasa_client import Button
from catalog import offered_choices


class ChoiceStore(Protocol):
    """Where offered choices outlive the gateway (`KeptChoices` in production)."""

    async def keep(self, sender_id: str, choices: dict[str, str]) -> None: ...

    async def offered(self, sender_id: str) -> dict[str, str] | None: ...


class ChoiceMemory:
    """Per resident (sender id), the title → payload of the keyboard on their screen."""

    def __init__(self, residents: int = 10_000, store: ChoiceStore | None = None) -> None:
        self._residents = residents
        self._store = store
        self._offered: OrderedDict[str, dict[str, str]] = OrderedDict()

    async def remember(self, sender_id: str, buttons: list[Button]) -> None:
        """`buttons` replace what the resident was offered before (their keyboard changed)."""
        choices = {button.title: button.payload for button in buttons}
        self._cache(sender_id, choices)
        if self._store is not None:
            await self._store.keep(sender_id, choices)

    async def resolve(self, sender_id: str, typed: str) -> str:
        """The payload when `typed` is the title of an offered button, else `typed` itself."""
        choices = self._offered.get(sender_id)
        if choices is None and self._store is not None:
            kept = await self._store.offered(sender_id)
            # A keyboard remembered while the store was read is newer than what it held.
            choices = self._offered.get(sender_id)
            if choices is None and kept is not None:
                self._cache(sender_id, kept)
                choices = kept
        if choices is None:
            return typed
        self._offered.move_to_end(sender_id)
        return choices.get(typed.strip(), typed)

    def _cache(self, sender_id: str, choices: dict[str, str]) -> None:
        self._offered.pop(sender_id, None)
        self._offered[sender_id] = choices
        while len(self._offered) > self._residents:  # forget the longest-quiet resident
            self._offered.popitem(last=False)


class KeptChoices:
    """The choice memory's store: the buttons last offered to each resident, in the app
    database (`catalog.offered_choices`)."""

    def __init__(self, db: AppDatabase) -> None:
        self._db = db

    async def keep(self, sender_id: str, choices: dict[str, str]) -> None:
        await self._db.run(offered_choices.keep, sender_id, choices)

    async def offered(self, sender_id: str) -> dict[str, str] | None:
        return await self._db.run(offered_choices.offered, sender_id)
