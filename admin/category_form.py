"""The menu categories' form: one row per category (name, words, order) and a spare row."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

SPARE_ROWS = 1
_SEPARATORS = re.compile(r"[、，,\s]+")


def category_values(categories: list[dict[str, Any]]) -> dict[str, str]:
    """Form fields from the categories document, numbered in menu order."""
    values = {}
    for index, category in enumerate(categories, start=1):
        values[f"cat{index}_slug"] = category["slug"]
        values[f"cat{index}_name"] = category["name"]
        values[f"cat{index}_words"] = "、".join(category.get("words", []))
        values[f"cat{index}_order"] = str(index)
    return values


def row_count(values: Mapping[str, str]) -> int:
    """How many rows the form shows: the categories and a spare one."""
    return sum(1 for key in values if key.endswith("_slug")) + SPARE_ROWS


def categories_document(form: Mapping[str, str]) -> list[dict[str, Any]]:
    """The categories the submitted form describes, by their order; a row whose slug and name
    are both empty is left out (that is how a category is removed)."""
    rows = []
    for index in range(1, 100):
        slug = (form.get(f"cat{index}_slug") or "").strip()
        name = (form.get(f"cat{index}_name") or "").strip()
        if not slug and not name:
            continue
        words = [w for w in _SEPARATORS.split(form.get(f"cat{index}_words") or "") if w]
        rows.append((_order(form.get(f"cat{index}_order"), index), slug, name, words))
    rows.sort(key=lambda row: row[0])
    return [{"slug": slug, "name": name, "words": words} for _, slug, name, words in rows]


def _order(value: str | None, default: int) -> float:
    try:
        return float(value) if value else float(default)
    except ValueError:
        return float(default)
