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
from sqlalchemy.orm import Session, sessionmaker

from catalog import queries
from catalog.content_checker import Checker, Problem
from catalog.content_schema import (
    CategorySource,
    FaqSource,
    ServiceSource,
    TakenWords,
    check_categories,
    check_general_faqs,
    check_service,
    check_with_others,
)
from catalog.database import PROJECT_ROOT
from catalog.documents import content_documents, write_catalog
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
        problem = getattr(error, "problem", error)
        checker.fail(
            mark.line + 1 if mark else 1,
            "(yaml)",
            f"文件格式有错（{problem}），请检查这一行的缩进、冒号和引号",
        )
        return None, checker.problems
    return check(document, checker), checker.problems


def import_content(content: Content, session_factory: sessionmaker[Session]) -> None:
    """Replace the catalog with `content` in a single transaction."""
    with session_factory.begin() as session:
        write_catalog(session, content_documents(content))
        queries.mark_catalog_changed(session)


def _cross_file_problems(
    categories: list[CategorySource], services: list[ServiceSource]
) -> list[Problem]:
    """Problems no single file shows: clashing slugs, names or aliases, unknown categories, and
    a file not named after its service (the admin checks the rest the same way)."""
    problems = []
    category_slugs = {category.slug for category in categories}
    taken = TakenWords()
    for service in services:
        problems += check_with_others(service, taken, category_slugs)
        if service.path.stem != service.slug:
            problems.append(
                Problem(service.path, service.line, "slug", f"文件名必须是 {service.slug}.yml")
            )
    return problems


def _display_path(path: Path) -> Path:
    try:
        return path.resolve().relative_to(PROJECT_ROOT)
    except ValueError:
        return path
