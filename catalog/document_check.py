"""Check a document the admin is about to save with exactly the rules of the content loader.

Editors in the admin edit plain documents shaped like the files in `content/` (dicts and lists,
as stored in JSON). They are wrapped as if read from YAML and go through the same checks as
`make catalog`, so a change the admin accepts is one the loader accepts too. Only the rule that a
file is named after its service belongs to files alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from catalog.content_checker import Checker, Problem
from catalog.content_schema import (
    TakenWords,
    check_categories,
    check_general_faqs,
    check_service,
    check_with_others,
)
from catalog.yaml_source import LocatedDict, LocatedList

# A document has no lines: every problem points at the first one.
LINE = 1
# JSON has no dates: `last_verified` comes as text, which YAML would have read as a date.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_service_document(
    document: dict[str, Any], *, others: Iterable[dict[str, Any]], category_slugs: set[str]
) -> list[Problem]:
    """Problems of one service as an editor wrote it, next to `others`: every other service's
    document, without this service's own previous version (its words are its own)."""
    checker = Checker(_service_path(document))
    service = check_service(_as_service(document), checker)
    if service is None:
        return checker.problems
    taken = TakenWords()
    for other in others:
        if (source := check_service(_as_service(other), Checker(_service_path(other)))) is not None:
            taken.take(source)
    return checker.problems + check_with_others(service, taken, category_slugs)


def check_general_faqs_document(documents: list[dict[str, Any]]) -> list[Problem]:
    """Problems of the general FAQs (the FAQs that belong to no one service)."""
    checker = Checker(Path("content/faqs/general.yml"))
    check_general_faqs(_located(documents), checker)
    return checker.problems


def check_categories_document(documents: list[dict[str, Any]]) -> list[Problem]:
    """Problems of the menu categories, in their order."""
    checker = Checker(Path("content/categories.yml"))
    check_categories(_located(documents), checker)
    return checker.problems


def _service_path(document: Any) -> Path:
    slug = document.get("slug") if isinstance(document, dict) else None
    return Path("content/services") / f"{slug if isinstance(slug, str) and slug else 'new'}.yml"


def _as_service(document: Any) -> Any:
    located = _located(document)
    if isinstance(located, LocatedDict):
        day = located.get("last_verified")
        if isinstance(day, str) and ISO_DATE.match(day.strip()):
            with suppress(ValueError):  # not a real day (2026-02-30): the check says so
                located["last_verified"] = dt.date.fromisoformat(day.strip())
    return located


def _located(value: Any) -> Any:
    """A plain value as `read_located_yaml` would return it."""
    if isinstance(value, dict):
        mapping = LocatedDict(((str(k), _located(v)) for k, v in value.items()), line=LINE)
        mapping.lines = dict.fromkeys(mapping, LINE)
        return mapping
    if isinstance(value, (list, tuple)):
        sequence = LocatedList((_located(item) for item in value), line=LINE)
        sequence.lines = [LINE] * len(sequence)
        return sequence
    return value
