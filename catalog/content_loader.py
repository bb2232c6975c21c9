"""Build the catalog database from the YAML sources in `content/`.

Everything is validated before anything is written, and the import replaces the whole catalog in
one transaction: a broken file leaves the database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from catalog import queries
from catalog.content_checker import Checker, Problem
from catalog.content_schema import (
    CategorySource,
    FaqSource,
    ServiceSource,
    check_categories,
    check_general_faqs,
    check_service,
)
from catalog.database import PROJECT_ROOT
from catalog.models import Category, Faq, GuideStep, Service, ServiceAlias
from catalog.yaml_source import read_located_yaml

CONTENT_DIR = PROJECT_ROOT / "content"
T = TypeVar("T")


class ContentError(Exception):
    """The content has problems; nothing was imported."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class Content:
    """Validated content, ready to import."""

    categories: list[CategorySource]
    services: list[ServiceSource]
    general_faqs: list[FaqSource]


def read_content(content_dir: Path = CONTENT_DIR) -> Content:
    """Read and validate every content file; raise `ContentError` listing all problems."""
    problems: list[Problem] = []

    def checked(path: Path, check: Callable[[Any, Checker], T]) -> T | None:
        result, found = _check_file(path, check)
        problems.extend(found)
        return result

    categories = checked(content_dir / "categories.yml", check_categories) or []
    services = [
        service
        for path in sorted((content_dir / "services").glob("*.yml"))
        if (service := checked(path, check_service))
    ]
    general_faqs = [
        faq
        for path in sorted((content_dir / "faqs").glob("*.yml"))
        for faq in checked(path, check_general_faqs) or []
    ]
    problems += _cross_file_problems(categories, services)
    if problems:
        raise ContentError(problems)
    return Content(categories, services, general_faqs)


def _check_file(path: Path, check: Callable[[Any, Checker], T]) -> tuple[T | None, list[Problem]]:
    """One file read and checked: the result (None if it is not even valid YAML) and problems."""
    checker = Checker(_display_path(path))
    try:
        document = read_located_yaml(path)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        checker.fail(mark.line + 1 if mark else 1, "(yaml)", str(getattr(error, "problem", error)))
        return None, checker.problems
    return check(document, checker), checker.problems


def import_content(content: Content, session_factory: sessionmaker[Session]) -> None:
    """Replace the catalog with `content` in a single transaction."""
    with session_factory.begin() as session:
        for table in (Faq, GuideStep, ServiceAlias, Service, Category):
            session.execute(delete(table))
        categories = {
            source.slug: Category(
                slug=source.slug, name=source.name, position=position, words=source.words
            )
            for position, source in enumerate(content.categories, start=1)
        }
        session.add_all(categories.values())
        for source in content.services:
            session.add(_service_row(source, categories[source.category]))
        session.add_all(_faq_row(faq) for faq in content.general_faqs)
        queries.mark_catalog_changed(session)


def _service_row(source: ServiceSource, category: Category) -> Service:
    return Service(
        slug=source.slug,
        name=source.name,
        category=category,
        summary=source.summary,
        eligibility=source.eligibility,
        materials=source.materials,
        caution=source.caution,
        offline=source.offline,
        online=source.online,
        hotline=source.hotline,
        hotline_name=source.hotline_name,
        recap=source.recap,
        sources=source.sources,
        last_verified=source.last_verified,
        aliases=[ServiceAlias(text=alias) for alias in source.aliases],
        steps=[
            GuideStep(position=position, text=step.text, help=step.help)
            for position, step in enumerate(source.steps, start=1)
        ],
        faqs=[_faq_row(faq) for faq in source.faqs],
    )


def _faq_row(source: FaqSource) -> Faq:
    return Faq(question=source.question, answer=source.answer, alternatives=source.alternatives)


def _cross_file_problems(
    categories: list[CategorySource], services: list[ServiceSource]
) -> list[Problem]:
    """Problems no single file shows: clashing slugs, names or aliases, unknown categories."""
    problems = []
    category_slugs = {category.slug for category in categories}
    words: dict[str, str] = {}  # name or alias -> the service that claimed it first
    for service in services:
        path = service.path
        seen_in_service: set[str] = set()
        if service.category not in category_slugs:
            problems.append(
                Problem(
                    path,
                    service.line,
                    "category",
                    f"unknown category '{service.category}' (see content/categories.yml)",
                )
            )
        if service.path.stem != service.slug:
            problems.append(
                Problem(path, service.line, "slug", f"the file must be named {service.slug}.yml")
            )
        for kind, word in [("name", service.name)] + [("aliases", a) for a in service.aliases]:
            owner = words.setdefault(word, service.slug)
            if owner != service.slug or (kind == "aliases" and word in seen_in_service):
                problems.append(
                    Problem(path, service.line, kind, f"'{word}' is already used by {owner}")
                )
            seen_in_service.add(word)
    return problems


def _display_path(path: Path) -> Path:
    try:
        return path.resolve().relative_to(PROJECT_ROOT)
    except ValueError:
        return path
