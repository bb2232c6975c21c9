"""The app database's tables, one module per domain: catalog content, residents' records, and
messages on their way through a gateway."""

from catalog.models.base import Base
from catalog.models.content import (
    CatalogVersion,
    Category,
    Faq,
    GuideStep,
    Service,
    ServiceAlias,
)
from catalog.models.deliveries import PendingTurn
from catalog.models.residents import GuideOutcome, HelpRequest, StuckEvent

__all__ = [
    "Base",
    "CatalogVersion",
    "Category",
    "Faq",
    "GuideOutcome",
    "GuideStep",
    "HelpRequest",
    "PendingTurn",
    "Service",
    "ServiceAlias",
    "StuckEvent",
]
