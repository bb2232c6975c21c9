"""The app database's tables, one module per domain: catalog content, residents' records, staff,
help requests and their handoff, and messages on their way through a gateway."""

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
from catalog.models.handoffs import HandoffMessage, HandoffNotice, HelpRequest, RelayChat
from catalog.models.residents import GuideOutcome, StuckEvent
from catalog.models.staff import Invite, StaffMember

__all__ = [
    "Base",
    "CatalogVersion",
    "Category",
    "Faq",
    "GuideOutcome",
    "GuideStep",
    "HandoffMessage",
    "HandoffNotice",
    "HelpRequest",
    "Invite",
    "PendingTurn",
    "RelayChat",
    "Service",
    "ServiceAlias",
    "StaffMember",
    "StuckEvent",
]
