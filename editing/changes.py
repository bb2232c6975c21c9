"""What changed between two versions of a document, field by field, for editors to read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after (None where it was absent)."""

    field: str
    before: Any
    after: Any


def field_changes(before: Any, after: Any) -> list[FieldChange]:
    """The fields that differ; a service's steps and FAQs are compared one by one. A document
    that is new (or deleted) differs from nothing in every field it has."""
    if before is None and isinstance(after, dict):
        before = {}
    if after is None and isinstance(before, dict):
        after = {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [] if before == after else [FieldChange("", before, after)]
    changes = []
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key in ("steps", "faqs") and isinstance(old, list) and isinstance(new, list):
            changes += _item_changes(key, old, new)
        else:
            changes.append(FieldChange(key, old, new))
    return changes


def service_name(*documents: Any) -> str:
    """The name a service has in the first of these versions that has one ("" for none)."""
    names = [doc["name"] for doc in documents if isinstance(doc, dict) and doc.get("name")]
    return names[0] if names else ""


def _item_changes(key: str, old: list[Any], new: list[Any]) -> list[FieldChange]:
    count = max(len(old), len(new))
    return [
        FieldChange(f"{key}[{index + 1}]", _at(old, index), _at(new, index))
        for index in range(count)
        if _at(old, index) != _at(new, index)
    ]


def _at(items: list[Any], index: int) -> Any:
    return items[index] if index < len(items) else None
