"""The web chat's own words (`texts.yml`): the page's labels and the gateway's refusals."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

TEXTS_FILE = Path(__file__).with_name("texts.yml")
REFUSALS = ("too_long", "empty", "too_fast", "unknown_conversation", "unreadable")


@dataclass(frozen=True)
class Texts:
    """`page`: label → words, for the page; `refusals`: why a message is not taken → words."""

    page: dict[str, str]
    refusals: dict[str, str]

    def refusal(self, reason: str) -> str:
        return self.refusals[reason]


def load_texts(path: Path = TEXTS_FILE) -> Texts:
    """Read `path`; a missing or empty text is an error at start-up, not in front of a resident."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    page = {key: str(value).strip() for key, value in (data.get("page") or {}).items()}
    refusals = {key: str((data.get("refusals") or {}).get(key) or "").strip() for key in REFUSALS}
    if missing := [key for key, text in {**page, **refusals}.items() if not text]:
        raise ValueError(f"{path} lacks {', '.join(missing)}")
    return Texts(page, refusals)
