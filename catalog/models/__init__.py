"""The app database's tables, one module per domain: catalog content and residents' records."""

from catalog.models.base import Base
from catalog.models.content import (
    CatalogVersion,
    Category,
    Faq,
    GuideStep,
    Service,
    ServiceAlias,
)
from catalog.models.residents import GuideOutcome, HelpRequest, StuckEvent

__all__ = [
    "Base",
    "CatalogVersion",
    "Category",
    "Faq",
    "GuideOutcome",
    "GuideStep",
    "HelpRequest",
    "Service",
    "ServiceAlias",
    "StuckEvent",
]
