"""Problems found by the content checks, placed next to the form fields they concern."""

from __future__ import annotations

import re

from catalog.content_checker import Problem

_INDEXED = re.compile(r"^(steps|faqs)\[(\d+)\](?:\.(help)\.(\w+)|\.(\w+)(?:\[\d+\])?)?$")


def form_field(field: str) -> str:
    """The form field a problem's field path belongs to (`steps[2].help.where` → step2_where)."""
    match = _INDEXED.match(field)
    if match is None:
        return field.split("[")[0].split(".")[0]
    group, index, _, trouble, part = match.groups()
    name = f"step{index}" if group == "steps" else f"faq{index}"
    if trouble:
        return f"{name}_{trouble}"
    if group == "faqs":
        return f"{name}_{(part or 'question').split('[')[0]}"
    return name


def problems_by_field(problems: list[Problem]) -> dict[str, list[str]]:
    """Each form field's problem messages."""
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(form_field(problem.field), []).append(problem.message)
    return found
