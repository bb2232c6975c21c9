"""Texts the gateway says itself to staff and during a handoff (`staff_texts.yml`)."""

from __future__ import annotations

from pathlib import Path

import yaml

STAFF_TEXTS = Path(__file__).with_name("staff_texts.yml")


class Texts:
    """`texts("claimed", number=3)`: a text by name, with its placeholders filled."""

    def __init__(self, path: Path = STAFF_TEXTS) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self._texts = {name: str(text).strip() for name, text in data.items()}
        if empty := [name for name, text in self._texts.items() if not text]:
            raise ValueError(f"{path} has empty texts: {', '.join(empty)}")

    def __call__(self, key: str, /, **values: object) -> str:
        return self.template(key).format(**values)

    def template(self, key: str) -> str:
        """The text with its placeholders unfilled."""
        return self._texts[key]

    def names(self) -> set[str]:
        return set(self._texts)
