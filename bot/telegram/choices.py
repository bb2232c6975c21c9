"""The buttons last shown to each resident, so a tapped title is sent to Rasa as its payload.

A Telegram reply keyboard sends the button's title back as ordinary text; only the gateway
knows which payload that title stood for.
"""

from __future__ import annotations

from collections import OrderedDict

from bot.rasa_client import Button


class ChoiceMemory:
    """Per resident (sender id), the title → payload of the keyboard on their screen."""

    def __init__(self, residents: int = 10_000) -> None:
        self._residents = residents
        self._offered: OrderedDict[str, dict[str, str]] = OrderedDict()

    def remember(self, sender_id: str, buttons: list[Button]) -> None:
        """`buttons` replace what the resident was offered before (their keyboard changed)."""
        self._offered.pop(sender_id, None)
        self._offered[sender_id] = {button.title: button.payload for button in buttons}
        while len(self._offered) > self._residents:  # forget the longest-quiet resident
            self._offered.popitem(last=False)

    def resolve(self, sender_id: str, typed: str) -> str:
        """The payload when `typed` is the title of an offered button, else `typed` itself."""
        if sender_id not in self._offered:
            return typed
        self._offered.move_to_end(sender_id)
        return self._offered[sender_id].get(typed.strip(), typed)
