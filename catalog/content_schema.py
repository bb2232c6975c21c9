"""Validation of the content sources: what editors may write in `content/`, and the limits
that keep every message short enough for older residents (适老化)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog.yaml_source import LocatedDict, LocatedList

# A message holds at most 80 characters; a guide step may use 120. Fields shown inside a longer
# sentence get less: the summary follows the service's name, a step follows "第2步/共5步：", the
# materials are joined into "要带：…".
MAX_MESSAGE_CHARS = 80
MAX_STEP_CHARS = 110
MAX_SUMMARY_CHARS = 60
MAX_MATERIALS_CHARS = 70
MAX_NAME_CHARS = 16
MIN_STEPS, MAX_STEPS = 3, 8
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file, located for the editor who has to fix it."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


@dataclass
class FaqSource:
    question: str
    answer: str
    alternatives: list[str] = field(default_factory=list)


@dataclass
class ServiceSource:
    slug: str
    name: str
    category: str
    aliases: list[str]
    summary: str
    eligibility: str
    materials: list[str]
    offline: str
    online: str
    hotline: str
    last_verified: dt.date | None
    steps: list[str]
    faqs: list[FaqSource]
    path: Path
    line: int


@dataclass
class CategorySource:
    slug: str
    name: str


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

    def text(self, parent: LocatedDict, key: str, limit: int, *, required: bool = True) -> str:
        """A non-empty single text field of at most `limit` characters."""
        line = parent.lines.get(key, parent.line)
        if key not in parent or parent[key] is None:
            if required:
                self.fail(line, key, "is missing")
            return ""
        return self.text_value(parent[key], line, key, limit)

    def text_value(self, value: Any, line: int, name: str, limit: int) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(line, name, "must be a non-empty text")
            return ""
        value = value.strip()
        if len(value) > limit:
            self.fail(line, name, f"is {len(value)} characters long; at most {limit} allowed")
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


SERVICE_FIELDS = {
    "slug",
    "name",
    "category",
    "aliases",
    "summary",
    "eligibility",
    "materials",
    "offline",
    "online",
    "hotline",
    "last_verified",
    "steps",
    "faqs",
}
FAQ_FIELDS = {"question", "answer", "alternatives"}


def check_service(document: Any, checker: Checker) -> ServiceSource | None:
    """Validate one service file; `None` when it is not even a mapping."""
    service = checker.mapping(document, 1, "(file)")
    if service is None:
        return None
    checker.unknown_keys(service, SERVICE_FIELDS)
    slug = checker.text(service, "slug", 64)
    if slug and not SLUG_PATTERN.match(slug):
        checker.fail(service.lines["slug"], "slug", "use lowercase letters, digits and '-'")
    steps = checker.texts(service, "steps", MAX_STEP_CHARS, minimum=MIN_STEPS)
    materials = checker.texts(service, "materials", 30)
    if len("、".join(materials)) > MAX_MATERIALS_CHARS:
        checker.fail(
            service.lines["materials"],
            "materials",
            f"together at most {MAX_MATERIALS_CHARS} characters",
        )
    if len(steps) > MAX_STEPS:
        checker.fail(service.lines["steps"], "steps", f"at most {MAX_STEPS} steps, split it")
    return ServiceSource(
        slug=slug,
        name=checker.text(service, "name", MAX_NAME_CHARS),
        category=checker.text(service, "category", 64),
        aliases=checker.texts(service, "aliases", MAX_NAME_CHARS),
        summary=checker.text(service, "summary", MAX_SUMMARY_CHARS),
        eligibility=checker.text(service, "eligibility", MAX_MESSAGE_CHARS),
        materials=materials,
        offline=checker.text(service, "offline", MAX_MESSAGE_CHARS),
        online=checker.text(service, "online", MAX_MESSAGE_CHARS),
        hotline=checker.text(service, "hotline", 32),
        last_verified=_check_date(service, checker),
        steps=steps,
        faqs=check_faqs(
            service.get("faqs", LocatedList()),
            service.lines.get("faqs", 1),
            checker,
            "faqs",
            minimum=0,
        ),
        path=checker.path,
        line=service.line,
    )


def check_faqs(
    document: Any, line: int, checker: Checker, name: str, *, minimum: int
) -> list[FaqSource]:
    """Validate a list of FAQs (inside a service file, or a general FAQ file)."""
    items = checker.sequence(document, line, name)
    if items is None:
        return []
    faqs = []
    for index, (item, item_line) in enumerate(zip(items, items.lines, strict=False)):
        prefix = f"{name}[{index + 1}]"
        faq = checker.mapping(item, item_line, prefix)
        if faq is None:
            continue
        checker.unknown_keys(faq, FAQ_FIELDS, prefix + ".")
        faqs.append(
            FaqSource(
                question=checker.text(faq, "question", MAX_MESSAGE_CHARS),
                answer=checker.text(faq, "answer", MAX_MESSAGE_CHARS),
                alternatives=checker.texts(faq, "alternatives", MAX_MESSAGE_CHARS, minimum=0),
            )
        )
    if len(faqs) < minimum:
        checker.fail(line, name, f"needs at least {minimum} entries")
    return faqs


def check_general_faqs(document: Any, checker: Checker) -> list[FaqSource]:
    """Validate a file of general FAQs (a list of at least one)."""
    return check_faqs(document, 1, checker, "(file)", minimum=1)


def check_categories(document: Any, checker: Checker) -> list[CategorySource]:
    """Validate the list of menu categories."""
    items = checker.sequence(document, 1, "(file)")
    categories = []
    items = items if items is not None else LocatedList()
    for index, (item, item_line) in enumerate(zip(items, items.lines, strict=False)):
        category = checker.mapping(item, item_line, f"[{index + 1}]")
        if category is not None:
            checker.unknown_keys(category, {"slug", "name"})
            categories.append(
                CategorySource(
                    slug=checker.text(category, "slug", 64),
                    name=checker.text(category, "name", MAX_NAME_CHARS),
                )
            )
    return categories


def _check_date(service: LocatedDict, checker: Checker) -> dt.date | None:
    value = service.get("last_verified")
    if value is None or isinstance(value, dt.date):
        return value
    checker.fail(service.lines["last_verified"], "last_verified", "write a date as 2026-01-31")
    return None
