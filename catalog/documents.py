"""The catalog as plain documents shaped like the files in `content/`, and documents back into rows.

Editors' drafts and revisions hold these documents (JSON columns), `python -m catalog export`
writes them as YAML, and publishing writes one back into the catalog tables. A document holds
only JSON values: `last_verified` is an ISO date string ("2026-01-31") or None. Optional keys
are left out as the files leave them out: `caution` and `recurs` when there is none, `sources`
and `faqs` when empty, a FAQ's `alternatives` when empty; a step without help is its text alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, selectinload

from catalog.content_schema import TROUBLES, CategorySource, FaqSource, ServiceSource, StepSource
from catalog.database import PROJECT_ROOT
from catalog.models import CatalogVersion, Category, Faq, GuideStep, Service, ServiceAlias

if TYPE_CHECKING:
    from catalog.content_loader import Content

Document = dict[str, Any]


@dataclass
class CatalogDocuments:
    """The whole catalog as documents: what `content/` holds, file by file."""

    categories: list[Document]
    services: dict[str, Document]  # slug -> document, in slug order
    general_faqs: list[Document]


def read_catalog(session: Session) -> CatalogDocuments:
    """The catalog in the database, as documents."""
    services = session.scalars(
        select(Service)
        .options(
            selectinload(Service.category),
            selectinload(Service.aliases),
            selectinload(Service.steps),
            selectinload(Service.faqs),
        )
        .order_by(Service.slug)
    )
    return CatalogDocuments(
        categories=categories_document(session),
        services={service.slug: service_document(service) for service in services},
        general_faqs=general_faqs_document(session),
    )


def content_documents(content: Content) -> CatalogDocuments:
    """Validated content (`catalog.content_loader.read_content`) as documents."""
    services = sorted(content.services, key=lambda source: source.slug)
    return CatalogDocuments(
        categories=[category_document(source) for source in content.categories],
        services={source.slug: source_document(source) for source in services},
        general_faqs=[faq_document(faq) for faq in content.general_faqs],
    )


def read_content_documents(content_dir: Path = PROJECT_ROOT / "content") -> CatalogDocuments:
    """The files in `content_dir`, validated, as documents; raises `ContentError` on problems."""
    # Imported here: the loader builds its rows with this module.
    from catalog.content_loader import read_content

    return content_documents(read_content(content_dir))


def service_document(service: Service) -> Document:
    """One service row, with its steps, aliases and FAQs, as its file's document."""
    aliases = [alias.text for alias in service.aliases]
    return _service_fields(service, service.category.slug, aliases)


def source_document(source: ServiceSource) -> Document:
    """One validated service file as a document (the same shape as `service_document`)."""
    return _service_fields(source, source.category, source.aliases)


def _service_fields(item: Service | ServiceSource, category: str, aliases: list[str]) -> Document:
    document: Document = {
        "slug": item.slug,
        "name": item.name,
        "category": category,
        "aliases": list(aliases),
        "summary": item.summary,
        "eligibility": item.eligibility,
        "materials": list(item.materials),
    }
    if item.caution:
        document["caution"] = item.caution
    document |= {
        "offline": item.offline,
        "online": item.online,
        "hotline": item.hotline,
        "hotline_name": item.hotline_name,
        "recap": item.recap,
    }
    if item.recurs:
        document["recurs"] = item.recurs
    document["last_verified"] = item.last_verified.isoformat() if item.last_verified else None
    if item.sources:
        document["sources"] = [dict(source) for source in item.sources]
    document["steps"] = [step_document(step) for step in item.steps]
    if item.faqs:
        document["faqs"] = [faq_document(faq) for faq in item.faqs]
    return document


def step_document(step: GuideStep | StepSource) -> str | Document:
    """A step: its text alone, or its text with the help for each trouble (in `TROUBLES` order)."""
    if not step.help:
        return step.text
    order = {kind: index for index, kind in enumerate(TROUBLES)}
    kinds = sorted(step.help, key=lambda kind: order.get(kind, len(order)))
    return {"text": step.text, "help": {kind: step.help[kind] for kind in kinds}}


def faq_document(faq: Faq | FaqSource) -> Document:
    """A FAQ as its file writes it: question, alternatives (when any), answer."""
    document: Document = {"question": faq.question}
    if faq.alternatives:
        document["alternatives"] = list(faq.alternatives)
    document["answer"] = faq.answer
    return document


def category_document(category: Category | CategorySource) -> Document:
    """A menu category as `content/categories.yml` writes it."""
    return {"slug": category.slug, "name": category.name, "words": list(category.words)}


def general_faqs_document(session: Session) -> list[Document]:
    """The FAQs that belong to no service, in their order."""
    faqs = session.scalars(select(Faq).where(Faq.service_id.is_(None)).order_by(Faq.id))
    return [faq_document(faq) for faq in faqs]


def categories_document(session: Session) -> list[Document]:
    """The menu categories in menu order."""
    categories = session.scalars(select(Category).order_by(Category.position))
    return [category_document(category) for category in categories]


def write_catalog(session: Session, catalog: CatalogDocuments) -> None:
    """Replace the whole catalog in the tables with `catalog`, in the caller's transaction.

    Raises `KeyError` for a service in an unknown category. The caller marks the catalog changed.
    """
    for table in (Faq, GuideStep, ServiceAlias, Service, Category):
        session.execute(delete(table))
    categories = {
        document["slug"]: fill_category(Category(), document, position)
        for position, document in enumerate(catalog.categories, start=1)
    }
    session.add_all(categories.values())
    for document in catalog.services.values():
        session.add(service_row(document, categories[document["category"]]))
    session.add_all(faq_row(document) for document in catalog.general_faqs)


def replace_service(session: Session, slug: str, document: Document | None) -> Service | None:
    """Write one service document into the tables: create it, update it in place (same row id)
    or, with None, delete it with its steps, aliases and FAQs. Returns the row (None if deleted).

    The document's category must exist. The caller marks the catalog changed.
    """
    service = session.scalars(select(Service).where(Service.slug == slug)).one_or_none()
    if document is None:
        if service is not None:
            session.delete(service)
            session.flush()
        return None
    if document["slug"] != slug:
        raise ValueError(f"document for {slug!r} has slug {document['slug']!r}")
    category = session.scalars(
        select(Category).where(Category.slug == document["category"])
    ).one_or_none()
    if category is None:
        raise KeyError(document["category"])
    if service is None:
        service = service_row(document, category)
        session.add(service)
    else:
        _clear_children(session, service)
        fill_service(service, document, category)
    session.flush()
    return service


def _clear_children(session: Session, service: Service) -> None:
    """Remove a service's aliases, steps and FAQs first: new ones may reuse their unique values
    (an alias's text, a step's position), and a flush inserts before it deletes."""
    service.aliases.clear()
    service.steps.clear()
    service.faqs.clear()
    session.flush()


def replace_general_faqs(session: Session, documents: list[Document]) -> None:
    """Replace the general FAQs (those of no service) with `documents`, in their order."""
    session.execute(delete(Faq).where(Faq.service_id.is_(None)))
    session.add_all(faq_row(document) for document in documents)
    session.flush()


def replace_categories(session: Session, documents: list[Document]) -> None:
    """Make the menu categories `documents`, in their order: rows are updated in place by slug,
    new ones added, missing ones deleted (which fails while a service is still in one)."""
    existing = {category.slug: category for category in session.scalars(select(Category))}
    wanted = {document["slug"] for document in documents}
    for slug, category in existing.items():
        if slug not in wanted:
            session.delete(category)
    session.flush()
    for position, document in enumerate(documents, start=1):
        category = existing.get(document["slug"]) or Category()
        fill_category(category, document, position)
        session.add(category)
    session.flush()


def fill_category(category: Category, document: Document, position: int) -> Category:
    """Set a category row (new or existing) from its document; `position` is its menu place."""
    category.slug = document["slug"]
    category.name = document["name"]
    category.position = position
    category.words = list(document.get("words", []))
    return category


def service_row(document: Document, category: Category) -> Service:
    """A new service row, with its aliases, steps and FAQs, from its document."""
    return fill_service(Service(), document, category)


def fill_service(service: Service, document: Document, category: Category) -> Service:
    """Set every column and child of a service row from its document."""
    service.slug = document["slug"]
    service.name = document["name"]
    service.category = category
    service.summary = document["summary"]
    service.eligibility = document["eligibility"]
    service.materials = list(document["materials"])
    service.caution = document.get("caution") or None
    service.offline = document["offline"]
    service.online = document["online"]
    service.hotline = document["hotline"]
    service.hotline_name = document["hotline_name"]
    service.recap = document["recap"]
    service.recurs = document.get("recurs") or None
    service.sources = [dict(source) for source in document.get("sources", [])]
    service.last_verified = as_date(document.get("last_verified"))
    service.aliases = [ServiceAlias(text=alias) for alias in document["aliases"]]
    service.steps = [
        _step_row(step, position) for position, step in enumerate(document["steps"], start=1)
    ]
    service.faqs = [faq_row(faq) for faq in document.get("faqs", [])]
    return service


def _step_row(step: str | Document, position: int) -> GuideStep:
    if isinstance(step, str):
        return GuideStep(position=position, text=step, help={})
    return GuideStep(position=position, text=step["text"], help=dict(step.get("help", {})))


def faq_row(document: Document) -> Faq:
    """A new FAQ row from its document (the caller attaches it to a service, or not)."""
    return Faq(
        question=document["question"],
        answer=document["answer"],
        alternatives=list(document.get("alternatives", [])),
    )


def as_date(value: str | dt.date | None) -> dt.date | None:
    """A document's date (ISO text) as a date."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def mark_content_caught_up(session: Session, version: str) -> bool:
    """Record that `content/` now holds the catalog of `version` (it was just exported), so a
    later build may import `content/` again; False when the catalog changed since."""
    result = session.execute(
        update(CatalogVersion)
        .where(CatalogVersion.id == 1, CatalogVersion.version == version)
        .values(origin="content")
    )
    return result.rowcount == 1
