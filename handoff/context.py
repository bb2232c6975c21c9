"""What a worker is shown of the conversation before they took over: its last few turns, from
the events of Rasa's tracker, with personal numbers masked.

The events are those since the last restart, so a session that began a moment ago (after idle
hours or many messages) still shows the turns before it; a message read again against an offer
(`rewind`) and an undone action (`undo`) count once, as in Rasa's own state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from privacy.masking import mask_personal_data

# Messages a gateway sends for non-text input, shown to workers as what the resident did.
SENT_WITHOUT_WORDS = {
    "/sent_voice": "（发了一段语音）",
    "/sent_sticker": "（发了一个表情）",
    "/sent_photo": "（发了一张照片）",
    "/sent_file": "（发了一个文件）",
    "/sent_contact": "（发了一张名片）",
    "/sent_location": "（发了一个位置）",
}
TAPPED = "（点了按钮）"
EXTERNAL = "EXTERNAL:"  # news a gateway gave Rasa (trigger_intent), not said by the resident


@dataclass(frozen=True)
class Line:
    """One turn: who said it (resident or assistant) and what, masked."""

    author: str
    text: str


def recent_turns(events: Iterable[dict[str, Any]], limit: int = 6) -> list[Line]:
    """The last `limit` things the resident and the assistant said, oldest first."""
    lines: list[Line] = []
    for event in _applied(events):
        text = (event.get("text") or "").strip()
        if event.get("event") == "user" and not text.startswith(EXTERNAL):
            lines.append(Line("resident", _resident_words(text)))
        elif event.get("event") == "bot" and text:
            lines.append(Line("assistant", mask_personal_data(text)))
    return lines[-limit:]


def _applied(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """`events` with what Rasa undid taken out: a `rewind` back to the last resident message,
    an `undo` back to the last action."""
    kept: list[dict[str, Any]] = []
    for event in events:
        undone = {"rewind": "user", "undo": "action"}.get(event.get("event", ""))
        if undone is None:
            kept.append(event)
            continue
        last = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].get("event") == undone), 0)
        del kept[last:]
    return kept


def _resident_words(text: str) -> str:
    if text in SENT_WITHOUT_WORDS:
        return SENT_WITHOUT_WORDS[text]
    if text.startswith("/"):
        return TAPPED
    return mask_personal_data(text)
