"""The few texts a gateway says itself (Rasa unreachable, an error, a flood, a resident who may
want to end a talk with a worker): messages.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

MESSAGES_FILE = Path(__file__).with_name("messages.yml")


@dataclass(frozen=True)
class Notices:
    """What the resident is told when the gateway cannot simply relay Rasa's answer."""

    waiting: str
    sorry: str
    throttled: str
    busy: str


def load_notices(path: Path = MESSAGES_FILE) -> Notices:
    """Read `path`; a missing or empty text is an error at start-up, not in front of a resident."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = ("waiting", "sorry", "throttled", "busy")
    texts = {name: str(data.get(name) or "").strip() for name in names}
    if missing := [name for name, text in texts.items() if not text]:
        raise ValueError(f"{path} lacks {', '.join(missing)}")
    return Notices(**texts)


@dataclass(frozen=True)
class HandoffWords:
    """What a resident is asked, on any channel, when their words during a handoff may mean they
    want to stop talking with the worker (Rasa is paused then and cannot ask)."""

    confirm_end: str
    end_yes: str
    end_no: str
    keep_talking: str


def load_handoff_words(path: Path = MESSAGES_FILE) -> HandoffWords:
    """The `handoff` texts of `path`; a missing one is an error at start-up."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")).get("handoff") or {}
    names = ("confirm_end", "end_yes", "end_no", "keep_talking")
    texts = {name: str(data.get(name) or "").strip() for name in names}
    if missing := [name for name, text in texts.items() if not text]:
        raise ValueError(f"{path} lacks handoff texts {', '.join(missing)}")
    return HandoffWords(**texts)
