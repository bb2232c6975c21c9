"""Validation of the content sources: what editors may write in `content/`, and the limits
that keep every message short enough for older residents (适老化)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog import recurrence
from catalog.content_checker import Checker, Problem
from catalog.yaml_source import LocatedDict, LocatedList

# A message holds at most 80 characters; a guide step may use 120. Fields shown inside a longer
# sentence get less: the summary follows the service's name, a step follows "第2步（共6步）：",
# the materials are joined into "先准备好：…".
MAX_MESSAGE_CHARS = 80
MAX_STEP_CHARS = 110
MAX_SUMMARY_CHARS = 60
MAX_MATERIALS_CHARS = 70
MAX_NAME_CHARS = 16
MAX_HOTLINE_NAME_CHARS = 12
MIN_STEPS, MAX_STEPS = 3, 8
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HOTLINE_PATTERN = re.compile(r"^[0-9]{3,12}(/[0-9]{3,12})*$")  # one number, or one per provider
# The troubles a resident meets on a step, each of which a step may carry help for:
# can't find the button, the app is missing, a verification code, a forgotten password,
# tapped and nothing happens, and `plain` (the step said more simply).
TROUBLES = ("where", "app", "code", "password", "no_response", "plain")


@dataclass
class FaqSource:
    question: str
    answer: str
    alternatives: list[str] = field(default_factory=list)


@dataclass
class StepSource:
    text: str
    help: dict[str, str] = field(default_factory=dict)


@dataclass
class ServiceSource:
    slug: str
    name: str
    category: str
    aliases: list[str]
    summary: str
    eligibility: str
    materials: list[str]
    caution: str | None
    offline: str
    online: str
    hotline: str
    hotline_name: str
    recap: str
    recurs: str | None
    last_verified: dt.date | None
    sources: list[dict[str, str]]
    steps: list[StepSource]
    faqs: list[FaqSource]
    path: Path
    line: int


@dataclass
class CategorySource:
    slug: str
    name: str
    words: list[str] = field(default_factory=list)


SERVICE_FIELDS = {
    "slug",
    "name",
    "category",
    "aliases",
    "summary",
    "eligibility",
    "materials",
    "caution",
    "offline",
    "online",
    "hotline",
    "hotline_name",
    "recap",
    "recurs",
    "last_verified",
    "sources",
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
    slug = checker.text(service, "slug", 64, resident=False)
    if slug and not SLUG_PATTERN.match(slug):
        checker.fail(
            service.lines["slug"],
            "slug",
            "只能用小写英文字母、数字和“-”，如 pension-certification",
        )
    materials = checker.texts(service, "materials", 30)
    if (together := len("、".join(materials))) > MAX_MATERIALS_CHARS:
        checker.fail(
            service.lines["materials"],
            "materials",
            f"所有材料加起来最多 {MAX_MATERIALS_CHARS} 个字，现在有 {together} 个字",
        )
    hotline = checker.text(service, "hotline", 32, resident=False)
    if hotline and not HOTLINE_PATTERN.match(hotline):
        checker.fail(
            service.lines["hotline"],
            "hotline",
            "只写数字，如 12345（几家各有号码就用“/”隔开，如 10086/10010/10000）",
        )
    return ServiceSource(
        slug=slug,
        name=checker.text(service, "name", MAX_NAME_CHARS),
        category=checker.text(service, "category", 64, resident=False),
        aliases=checker.texts(service, "aliases", MAX_NAME_CHARS),
        summary=checker.text(service, "summary", MAX_SUMMARY_CHARS),
        eligibility=checker.text(service, "eligibility", MAX_MESSAGE_CHARS),
        materials=materials,
        caution=checker.text(service, "caution", MAX_MESSAGE_CHARS, required=False) or None,
        offline=checker.text(service, "offline", MAX_MESSAGE_CHARS),
        online=checker.text(service, "online", MAX_MESSAGE_CHARS),
        hotline=hotline,
        hotline_name=checker.text(service, "hotline_name", MAX_HOTLINE_NAME_CHARS),
        recap=checker.text(service, "recap", MAX_MESSAGE_CHARS),
        recurs=_check_recurs(service, checker),
        last_verified=_check_date(service, checker),
        sources=_check_sources(service, checker),
        steps=_check_steps(service, checker),
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


def _check_steps(service: LocatedDict, checker: Checker) -> list[StepSource]:
    """Steps: each a text, or a mapping of `text` and `help` (trouble kind -> short help)."""
    line = service.lines.get("steps", service.line)
    items = checker.sequence(service.get("steps"), line, "steps") if "steps" in service else None
    if items is None:
        if "steps" not in service:
            checker.fail(line, "steps", "必须填写")
        return []
    steps = []
    for index, (item, item_line) in enumerate(zip(items, items.lines, strict=False)):
        name = f"steps[{index + 1}]"
        if not isinstance(item, LocatedDict):
            steps.append(StepSource(checker.text_value(item, item_line, name, MAX_STEP_CHARS)))
            continue
        checker.unknown_keys(item, {"text", "help"}, name + ".")
        text = checker.text(item, "text", MAX_STEP_CHARS, prefix=name + ".")
        helps = item.get("help", LocatedDict())
        found = checker.mapping(helps, item.lines.get("help", item_line), name + ".help") or {}
        if found:
            checker.unknown_keys(found, set(TROUBLES), f"{name}.help.")
        steps.append(
            StepSource(
                text,
                {
                    kind: checker.text(found, kind, MAX_MESSAGE_CHARS, prefix=f"{name}.help.")
                    for kind in TROUBLES
                    if kind in found
                },
            )
        )
    if len(steps) < MIN_STEPS:
        checker.fail(line, "steps", f"至少要 {MIN_STEPS} 步，现在只有 {len(steps)} 步")
    if len(steps) > MAX_STEPS:
        checker.fail(line, "steps", f"最多 {MAX_STEPS} 步，现在有 {len(steps)} 步，请拆成两项服务")
    return steps


def _check_sources(service: LocatedDict, checker: Checker) -> list[dict[str, str]]:
    """Where the content was checked: public pages, each with the fact it supports."""
    if "sources" not in service or service["sources"] is None:
        return []
    items = checker.sequence(service["sources"], service.lines["sources"], "sources") or []
    sources = []
    for index, (item, item_line) in enumerate(zip(items, items.lines, strict=False)):
        name = f"sources[{index + 1}]"
        source = checker.mapping(item, item_line, name)
        if source is not None:
            checker.unknown_keys(source, {"url", "supports"}, name + ".")
            sources.append(
                {
                    "url": checker.text(source, "url", 500, resident=False, prefix=name + "."),
                    "supports": checker.text(
                        source, "supports", 60, resident=False, prefix=name + "."
                    ),
                }
            )
    return sources


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
                question=checker.text(faq, "question", MAX_MESSAGE_CHARS, prefix=prefix + "."),
                answer=checker.text(faq, "answer", MAX_MESSAGE_CHARS, prefix=prefix + "."),
                alternatives=checker.texts(
                    faq, "alternatives", MAX_MESSAGE_CHARS, minimum=0, prefix=prefix + "."
                ),
            )
        )
    if len(faqs) < minimum:
        checker.fail(line, name, f"至少要写 {minimum} 个")
    return faqs


def check_general_faqs(document: Any, checker: Checker) -> list[FaqSource]:
    """Validate a file of general FAQs (a list of at least one)."""
    return check_faqs(document, 1, checker, "faqs", minimum=1)


def check_categories(document: Any, checker: Checker) -> list[CategorySource]:
    """Validate the list of menu categories; each slug and name only once."""
    items = checker.sequence(document, 1, "(file)")
    categories = []
    items = items if items is not None else LocatedList()
    first_with: dict[tuple[str, str], int] = {}  # (field, value) -> the category that has it
    for index, (item, item_line) in enumerate(zip(items, items.lines, strict=False)):
        name = f"categories[{index + 1}]"
        category = checker.mapping(item, item_line, name)
        if category is None:
            continue
        checker.unknown_keys(category, {"slug", "name", "words"}, name + ".")
        source = CategorySource(
            slug=checker.text(category, "slug", 64, resident=False, prefix=name + "."),
            name=checker.text(category, "name", MAX_NAME_CHARS, prefix=name + "."),
            words=checker.texts(category, "words", MAX_NAME_CHARS, minimum=0, prefix=name + "."),
        )
        for key, value in (("slug", source.slug), ("name", source.name)):
            first = first_with.setdefault((key, value), index + 1)
            if value and first != index + 1:
                checker.fail(
                    category.lines[key], f"{name}.{key}", f"“{value}”和第{first}个分类重复了"
                )
        categories.append(source)
    return categories


def _check_recurs(service: LocatedDict, checker: Checker) -> str | None:
    """How often the service must be done again (`catalog.recurrence`), if it recurs."""
    text = checker.text(service, "recurs", 32, required=False, resident=False)
    if not text:
        return None
    try:
        recurrence.parse(text)
    except ValueError as problem:
        checker.fail(service.lines["recurs"], "recurs", str(problem))
    return text


def _check_date(service: LocatedDict, checker: Checker) -> dt.date | None:
    value = service.get("last_verified")
    if value is None or isinstance(value, dt.date):
        return value
    checker.fail(service.lines["last_verified"], "last_verified", "日期请写成 2026-01-31 这样")
    return None


class TakenWords:
    """The slugs, names and aliases services have taken so far: each of a resident's words must
    lead to one service only, and the catalog keeps them unique."""

    def __init__(self) -> None:
        self.slugs: dict[str, ServiceSource] = {}
        self.words: dict[str, ServiceSource] = {}

    def take(self, service: ServiceSource) -> list[Problem]:
        """Take the service's slug, name and aliases; a problem for each one already taken."""
        problems = []
        if service.slug and (owner := self.slugs.setdefault(service.slug, service)) is not service:
            problems.append(
                Problem(
                    service.path,
                    service.line,
                    "slug",
                    f"“{service.slug}”已经是“{owner.name}”的英文标识了，请换一个",
                )
            )
        own_words: set[str] = set()
        named = [("name", service.name)]
        named += [(f"aliases[{n}]", alias) for n, alias in enumerate(service.aliases, start=1)]
        for field_name, word in named:
            if not word:
                continue
            owner = self.words.setdefault(word, service)
            if owner is not service:
                message = f"“{word}”已经被“{owner.name}”({owner.slug}) 用了"
            elif word in own_words:
                message = f"“{word}”在这项服务的名称和别名里重复了"
            else:
                own_words.add(word)
                continue
            problems.append(Problem(service.path, service.line, field_name, message))
        return problems


def check_with_others(
    service: ServiceSource, taken: TakenWords, category_slugs: set[str]
) -> list[Problem]:
    """What is wrong with a service only next to the rest of the catalog: a category that does
    not exist, or a slug, name or alias an earlier service took (then it takes its own)."""
    problems = []
    if service.category and service.category not in category_slugs:
        problems.append(
            Problem(
                service.path,
                service.line,
                "category",
                f"没有“{service.category}”这个分类（可以选：{'、'.join(sorted(category_slugs))}）",
            )
        )
    return problems + taken.take(service)
