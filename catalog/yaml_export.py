"""Write the catalog's documents as the YAML files of `content/`, in the editors' own style.

Editors may change the catalog in the admin, so the database can get ahead of `content/`;
exporting brings `content/` up to date. A file whose content is unchanged is left as it is,
comments and all; a changed file keeps its leading comment block. The general FAQs all go to
`faqs/general.yml` (other files in `faqs/` are removed when they change).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from catalog import queries
from catalog.content_checker import Checker
from catalog.content_schema import check_categories, check_general_faqs, check_service
from catalog.documents import (
    CatalogDocuments,
    Document,
    as_date,
    category_document,
    faq_document,
    read_catalog,
    source_document,
)
from catalog.yaml_source import read_located_yaml

STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class FileChange:
    """One file export would change: its text now (None: new) and after (None: deleted)."""

    path: Path
    old: str | None
    new: str | None


def write_content(documents: CatalogDocuments, content_dir: Path) -> list[FileChange]:
    """Make the files in `content_dir` hold `documents`; returns what changed."""
    changes = planned_changes(documents, content_dir)
    for change in changes:
        if change.new is None:
            change.path.unlink()
        else:
            change.path.parent.mkdir(parents=True, exist_ok=True)
            change.path.write_text(change.new, encoding="utf-8")
    return changes


def planned_changes(documents: CatalogDocuments, content_dir: Path) -> list[FileChange]:
    """The files export would write or delete; empty when `content_dir` already holds it all."""
    changes = [
        _change(content_dir / "categories.yml", documents.categories, CATEGORIES_FILE),
        *_general_faq_changes(documents.general_faqs, content_dir / "faqs"),
    ]
    services_dir = content_dir / "services"
    for slug, document in documents.services.items():
        changes.append(_change(services_dir / f"{slug}.yml", document, SERVICE_FILE))
    existing = sorted(services_dir.glob("*.yml")) if services_dir.is_dir() else []
    changes += [_deleted(path) for path in existing if path.stem not in documents.services]
    return [change for change in changes if change is not None]


def editor_changes(session: Session, content_dir: Path) -> list[FileChange]:
    """What editors changed in the admin that `content_dir` lacks: the changes export would
    make, when the catalog's last change was published in the admin (none otherwise)."""
    if queries.catalog_origin(session) != "editor":
        return []
    return planned_changes(read_catalog(session), content_dir)


def content_diff(changes: list[FileChange], content_dir: Path) -> str:
    """A unified diff per file, from `content_dir` (a/) to what export would write (b/)."""
    parts = []
    for change in changes:
        name = change.path.relative_to(content_dir).as_posix()
        parts += difflib.unified_diff(
            (change.old or "").splitlines(keepends=True),
            (change.new or "").splitlines(keepends=True),
            fromfile=f"a/{name}" if change.old is not None else "/dev/null",
            tofile=f"b/{name}" if change.new is not None else "/dev/null",
        )
    return "".join(part if part.endswith("\n") else part + "\n" for part in parts)


def render_yaml(value: Any) -> str:
    """`value` (a document, or a list of them) as YAML written the way `content/` is."""
    return yaml.dump(
        _yaml_values(value),
        Dumper=_ContentDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
    )


def _change(path: Path, wanted: Any, kind: _FileKind) -> FileChange | None:
    """The change of one file to `wanted`, None when its content is that already."""
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old is not None and _file_documents(path, kind) == wanted:
        return None
    new = _leading_comments(old) + kind.render(wanted)
    return None if new == old else FileChange(path, old, new)


def _general_faq_changes(wanted: list[Document], faqs_dir: Path) -> list[FileChange | None]:
    """All general FAQs in `faqs/general.yml`; other FAQ files go once anything changed."""
    paths = sorted(faqs_dir.glob("*.yml")) if faqs_dir.is_dir() else []
    current = [_file_documents(path, FAQS_FILE) for path in paths]
    if paths and None not in current and [faq for faqs in current for faq in faqs] == wanted:
        return []
    general = faqs_dir / "general.yml"
    others = [_deleted(path) for path in paths if path != general]
    return [_change(general, wanted, FAQS_FILE), *others]


def _deleted(path: Path) -> FileChange:
    return FileChange(path, path.read_text(encoding="utf-8"), None)


def _file_documents(path: Path, kind: _FileKind) -> Any:
    """A content file read and validated as the loader does, as documents; None when it has
    problems (then it is rewritten)."""
    checker = Checker(path)
    try:
        checked = kind.check(read_located_yaml(path), checker)
    except yaml.YAMLError:
        return None
    return None if checker.problems or checked is None else kind.documents(checked)


def _leading_comments(text: str | None) -> str:
    """The comment lines a file starts with (such as "# 示例内容，尚未核实…"), kept on rewrite."""
    lines = (text or "").splitlines(keepends=True)
    kept = []
    for line in lines:
        if not line.startswith("#"):
            break
        kept.append(line if line.endswith("\n") else line + "\n")
    return "".join(kept)


def _categories_yaml(categories: list[Document]) -> str:
    """Categories with their words on one line each, as `content/categories.yml` has them."""
    return render_yaml(
        [{**category, "words": _FlowList(category["words"])} for category in categories]
    )


def _yaml_values(value: Any) -> Any:
    """A document's values as YAML should write them: `last_verified` as a date, a hotline in
    quotes (numbers as text)."""
    if isinstance(value, dict):
        return {key: _yaml_value(key, item) for key, item in value.items()}
    if isinstance(value, list):
        return type(value)(_yaml_values(item) for item in value)
    return value


def _yaml_value(key: str, value: Any) -> Any:
    if key == "last_verified" and isinstance(value, str):
        return as_date(value)
    if key == "hotline" and isinstance(value, str):
        return _QuotedText(value)
    return _yaml_values(value)


class _QuotedText(str):
    """Text always written in double quotes: `hotline: "12345"`."""


class _FlowList(list):
    """A list written on one line: `[社保, 养老金]`."""


class _ContentDumper(yaml.SafeDumper):
    """Block style with lists indented under their key, as editors write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Plain text where YAML reads it back as text; double quotes otherwise (`"12345"`)."""
    quoted = isinstance(text, _QuotedText)
    style = (
        '"' if quoted or dumper.resolve(yaml.ScalarNode, text, (True, False)) != STR_TAG else None
    )
    return dumper.represent_scalar(STR_TAG, text, style=style)


def _represent_flow_list(dumper: yaml.SafeDumper, items: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


_ContentDumper.add_representer(str, _represent_text)
_ContentDumper.add_representer(_QuotedText, _represent_text)
_ContentDumper.add_representer(_FlowList, _represent_flow_list)
_ContentDumper.add_representer(dt.date, yaml.SafeDumper.represent_date)


@dataclass(frozen=True)
class _FileKind:
    """How one kind of content file is validated, turned into documents and written."""

    check: Callable[[Any, Checker], Any]
    documents: Callable[[Any], Any]
    render: Callable[[Any], str]


SERVICE_FILE = _FileKind(check_service, source_document, render_yaml)
FAQS_FILE = _FileKind(check_general_faqs, lambda faqs: list(map(faq_document, faqs)), render_yaml)
CATEGORIES_FILE = _FileKind(
    check_categories, lambda categories: list(map(category_document, categories)), _categories_yaml
)
