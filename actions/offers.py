"""What the assistant just offered a resident: the buttons, and what yes or no would mean.

Kept in the `offer` slot, so the resident's next typed message is read against it first
(`actions/reply_reading.py`), on every channel and after any gateway restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasa_sdk.events import SlotSet

OFFER_SLOT = "offer"


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Offer:
    """The buttons just shown; the first `choices` of them are a list to pick from by ordinal.

    `yes` / `no` are the payloads a typed 是的 / 不是 stands for here (None: not a yes/no question).
    """

    kind: str
    buttons: tuple[Button, ...]
    choices: int = 0
    yes: str | None = None
    no: str | None = None

    def to_slot(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "buttons": [{"title": b.title, "payload": b.payload} for b in self.buttons],
            "choices": self.choices,
            "yes": self.yes,
            "no": self.no,
        }

    @classmethod
    def from_slot(cls, value: Any) -> Offer | None:
        """The offer kept in the slot, or None when there is none (or it is malformed)."""
        if not isinstance(value, dict) or not isinstance(value.get("buttons"), list):
            return None
        return cls(
            kind=str(value.get("kind", "")),
            buttons=tuple(
                Button(str(b.get("title", "")), str(b.get("payload", "")))
                for b in value["buttons"]
                if isinstance(b, dict)
            ),
            choices=int(value.get("choices") or 0),
            yes=value.get("yes"),
            no=value.get("no"),
        )


def offer_event(offer: Offer | None) -> dict[str, Any]:
    """The event that keeps `offer` (or clears it) for the next message."""
    return SlotSet(OFFER_SLOT, offer.to_slot() if offer else None)
