"""Reading located YAML into plain values while collecting every problem for the editor."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.yaml_source import LocatedDict, LocatedList

# Residents read no English: a Latin letter in resident text is a problem (URLs are not).
LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file, located for the editor who has to fix it."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class Checker:
    """Collects problems while reading one file's located YAML into plain values."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, line: int, name: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, name, message))

    def mapping(self, value: Any, line: int, name: str) -> LocatedDict | None:
        if isinstance(value, LocatedDict):
            return value
        self.fail(line, name, "expected a mapping of field: value")
        return None

    def sequence(self, value: Any, line: int, name: str) -> LocatedList | None:
        if isinstance(value, LocatedList):
            return value
        self.fail(line, name, "expected a list (lines starting with '- ')")
        return None

    def text(
        self,
        parent: LocatedDict,
        key: str,
        limit: int,
        *,
        required: bool = True,
        resident: bool = True,
    ) -> str:
        """A non-empty single text field of at most `limit` characters.

        `resident` texts are read by residents, so they may hold no English letters.
        """
        line = parent.lines.get(key, parent.line)
        if key not in parent or parent[key] is None:
            if required:
                self.fail(line, key, "is missing")
            return ""
        return self.text_value(parent[key], line, key, limit, resident=resident)

    def text_value(
        self, value: Any, line: int, name: str, limit: int, *, resident: bool = True
    ) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(line, name, "must be a non-empty text")
            return ""
        value = value.strip()
        if len(value) > limit:
            self.fail(line, name, f"is {len(value)} characters long; at most {limit} allowed")
        if resident and LATIN.search(value):
            self.fail(line, name, "has English letters; residents read Chinese (APP → 手机软件)")
        return value

    def texts(self, parent: LocatedDict, key: str, limit: int, *, minimum: int = 1) -> list[str]:
        """A list of texts, each at most `limit` characters, at least `minimum` of them."""
        line = parent.lines.get(key, parent.line)
        if key not in parent:
            if minimum:
                self.fail(line, key, "is missing")
            return []
        items = self.sequence(parent[key], line, key)
        if items is None:
            return []
        if len(items) < minimum:
            self.fail(line, key, f"needs at least {minimum} entries")
        return [
            self.text_value(item, item_line, f"{key}[{index + 1}]", limit)
            for index, (item, item_line) in enumerate(zip(items, items.lines, strict=False))
        ]

    def unknown_keys(self, parent: LocatedDict, allowed: set[str], prefix: str = "") -> None:
        for key in parent.keys() - allowed:
            self.fail(parent.lines[key], prefix + key, "is not a known field (typo?)")
