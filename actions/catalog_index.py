"""The catalog as the actions search it: matchers built from the current database content.

Built once per catalog version and rebuilt when an editor's change gives the catalog a new one,
so new services, aliases and FAQs reach residents without restarting anything or retraining
the model, and a message costs one small query rather than reading the whole catalog. A service
the actions show (its steps, aliases and category) is read once per version too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from actions.faq_search import FaqEntry, FaqSearch
from actions.service_matching import ServiceMatcher, ServiceTerms
from catalog import queries
from catalog.models import Service


@dataclass(frozen=True)
class CatalogIndex:
    version: str
    services: tuple[ServiceTerms, ...]
    faqs: tuple[FaqEntry, ...]
    matcher: ServiceMatcher
    faq_search: FaqSearch
    # Services read whole (steps, aliases, category) by the actions, kept for this version.
    _services: dict[str, Service | None] = field(default_factory=dict)


# The index of each database the actions read (the live catalog, the editors' preview).
_current: dict[str, CatalogIndex] = {}


def catalog_index(session: Session) -> CatalogIndex:
    """The index of the catalog as it is now in the session's database."""
    database = str(session.get_bind().url)
    version = queries.catalog_version(session)
    known = _current.get(database)
    if known is not None and known.version == version:
        return known
    services = tuple(
        ServiceTerms(s.slug, s.name, tuple(a.text for a in s.aliases))
        for s in queries.services_with_aliases(session)
    )
    faqs = tuple(
        FaqEntry(
            f.id, f.service.slug if f.service else None, (f.question, *f.alternatives), f.answer
        )
        for f in queries.all_faqs(session)
    )
    index = CatalogIndex(version, services, faqs, ServiceMatcher(services), FaqSearch(faqs))
    _current[database] = index
    return index


def catalog_service(session: Session, slug: str) -> Service | None:
    """The service `slug` of the catalog as it is now, read once per catalog version."""
    services = catalog_index(session)._services
    if slug not in services:
        services[slug] = queries.service_by_slug(session, slug)
    return services[slug]
