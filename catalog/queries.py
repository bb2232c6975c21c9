"""Questions the assistant asks of the catalog, and the version that says when it changed."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalog.models import CatalogVersion, Category, Faq, Service


def catalog_version(session: Session) -> str:
    """The name of the catalog's current content ("" before the first import)."""
    return session.scalar(select(CatalogVersion.version).where(CatalogVersion.id == 1)) or ""


def mark_catalog_changed(session: Session, origin: str = "content") -> str:
    """Give the catalog a new version, in the caller's transaction; returns it.

    `origin` says where the change came from: "content" (imported from `content/`) or
    "editor" (published in the admin, so `content/` may now lag behind the database).
    """
    version = uuid.uuid4().hex
    session.merge(CatalogVersion(id=1, version=version, origin=origin))
    return version


def catalog_origin(session: Session) -> str:
    """Where the catalog's current content came from ("content" before any import)."""
    return session.scalar(select(CatalogVersion.origin).where(CatalogVersion.id == 1)) or "content"


def service_by_slug(session: Session, slug: str) -> Service | None:
    """The service with this slug, with its steps, aliases and category loaded."""
    return session.scalars(
        select(Service)
        .where(Service.slug == slug)
        .options(
            selectinload(Service.steps),
            selectinload(Service.aliases),
            selectinload(Service.category),
        )
    ).one_or_none()


def service_name(session: Session, slug: str) -> str | None:
    """The catalog name of the service `slug`, None if there is none."""
    return session.scalar(select(Service.name).where(Service.slug == slug))


def services_with_aliases(session: Session) -> list[Service]:
    """Every service with its aliases, for matching residents' words to services."""
    return list(
        session.scalars(
            select(Service).options(selectinload(Service.aliases)).order_by(Service.slug)
        )
    )


def recurring_services(session: Session) -> list[Service]:
    """The services that come round again (a yearly certification, a payment), in catalog
    order."""
    return list(
        session.scalars(select(Service).where(Service.recurs.is_not(None)).order_by(Service.id))
    )


def categories_with_services(session: Session) -> list[Category]:
    """Menu categories in display order, each with its services."""
    return list(
        session.scalars(
            select(Category).options(selectinload(Category.services)).order_by(Category.position)
        )
    )


def all_faqs(session: Session) -> list[Faq]:
    """Every FAQ, general and per service, with its service loaded."""
    return list(session.scalars(select(Faq).options(selectinload(Faq.service)).order_by(Faq.id)))
