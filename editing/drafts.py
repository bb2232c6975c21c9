"""Drafts: an editor's change of one document, checked before it is kept, unpublished until
an editor publishes it. The documents are shaped like the files in `content/`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from catalog import documents
from catalog.content_checker import Problem
from catalog.document_check import (
    check_categories_document,
    check_general_faqs_document,
    check_service_document,
)
from catalog.models import ContentDraft, StaffMember
from editing.changes import FieldChange, field_changes, service_name

GENERAL = "all"
CATEGORIES_PATH = Path(
    "content/categories.yml"
)  # the key of the one general-FAQs document and the one categories document


@dataclass(frozen=True)
class PendingDraft:
    """A draft as the admin lists it, with what it changes against the published catalog."""

    id: int
    kind: str
    key: str
    name: str  # the service's name; "" for the general FAQs and the categories
    author: str
    updated_at: dt.datetime
    changes: list[FieldChange]


def published(session: Session, kind: str, key: str) -> Any | None:
    """The document as residents get it now (None: no such service)."""
    return document_in(documents.read_catalog(session), kind, key)


def document_in(catalog: documents.CatalogDocuments, kind: str, key: str) -> Any | None:
    """One document of `catalog` (None: no such service)."""
    if kind == "service":
        return catalog.services.get(key)
    return catalog.general_faqs if kind == "general_faqs" else catalog.categories


def working_catalog(session: Session) -> documents.CatalogDocuments:
    """The published catalog with every draft applied: what publishing all would give."""
    return with_drafts(documents.read_catalog(session), session.scalars(select(ContentDraft)))


def with_drafts(
    catalog: documents.CatalogDocuments, chosen: Iterable[ContentDraft]
) -> documents.CatalogDocuments:
    """`catalog` as it would be with these drafts published."""
    services = dict(catalog.services)
    for draft in chosen:
        if draft.kind == "service" and draft.document is None:
            services.pop(draft.key, None)
        elif draft.kind == "service":
            services[draft.key] = draft.document
        elif draft.kind == "general_faqs":
            catalog = replace(catalog, general_faqs=draft.document)
        elif draft.kind == "categories":
            catalog = replace(catalog, categories=draft.document)
    return replace(catalog, services=dict(sorted(services.items())))


def editing_copy(session: Session, kind: str, key: str) -> Any | None:
    """What an editor starts from: the draft when there is one, else the published document."""
    draft = _draft(session, kind, key)
    return draft.document if draft is not None else published(session, kind, key)


def problems(session: Session, kind: str, key: str, document: Any) -> list[Problem]:
    """Everything wrong with `document`, by the content loader's rules, against the catalog
    as it would be with the other drafts published too."""
    return problems_in(working_catalog(session), kind, key, document)


def problems_in(
    catalog: documents.CatalogDocuments, kind: str, key: str, document: Any
) -> list[Problem]:
    """Everything wrong with `document` as part of `catalog` (whose own version it replaces)."""
    if kind == "service":
        others = [doc for slug, doc in catalog.services.items() if slug != key]
        slugs = {category["slug"] for category in catalog.categories}
        return check_service_document(document, others=others, category_slugs=slugs)
    if kind == "general_faqs":
        return check_general_faqs_document(document)
    return check_categories_document(document) + _emptied_categories(catalog, document)


def _emptied_categories(
    catalog: documents.CatalogDocuments, categories: list[dict[str, Any]]
) -> list[Problem]:
    """A category may only go once no service is in it."""
    kept = {category.get("slug") for category in categories}
    names = {category["slug"]: category["name"] for category in catalog.categories}
    return [
        Problem(
            CATEGORIES_PATH,
            1,
            "categories",
            f"“{names.get(slug, slug)}”里还有“{service['name']}”，先把服务移到别的分类",
        )
        for service in catalog.services.values()
        if (slug := service.get("category")) not in kept
    ]


def save(
    sessions: sessionmaker[Session], kind: str, key: str, document: Any, author_id: int | None
) -> list[Problem]:
    """Keep `document` as the draft of (kind, key) unless it has problems; returns them."""
    with sessions.begin() as session:
        if document is not None:
            found = problems(session, kind, key, document)
            if found:
                return found
        draft = _draft(session, kind, key) or ContentDraft(kind=kind, key=key)
        draft.document, draft.author_id = document, author_id
        draft.updated_at = dt.datetime.now(dt.timezone.utc)
        session.add(draft)
    return []


def discard(sessions: sessionmaker[Session], draft_id: int) -> None:
    """Forget a draft; the published document stays as it is."""
    with sessions.begin() as session:
        draft = session.get(ContentDraft, draft_id)
        if draft is not None:
            session.delete(draft)


def pending(session: Session) -> list[PendingDraft]:
    """Every draft, newest first, with its changes against the published catalog."""
    rows = session.execute(
        select(ContentDraft, StaffMember.display_name)
        .outerjoin(StaffMember, StaffMember.id == ContentDraft.author_id)
        .order_by(ContentDraft.updated_at.desc(), ContentDraft.id.desc())
    )
    catalog = documents.read_catalog(session)  # once, not once per draft
    found = []
    for draft, author in rows:
        before = document_in(catalog, draft.kind, draft.key)
        found.append(
            PendingDraft(
                draft.id,
                draft.kind,
                draft.key,
                service_name(draft.document, before),
                author or "",
                draft.updated_at,
                field_changes(before, draft.document),
            )
        )
    return found


def _draft(session: Session, kind: str, key: str) -> ContentDraft | None:
    return session.scalar(
        select(ContentDraft).where(ContentDraft.kind == kind, ContentDraft.key == key)
    )
