"""The app database's tables, one module per domain: catalog content, editors' drafts and
revisions, residents' records, their family helpers and reminders, staff, help requests and
their handoff, guided sessions and classes, messages on their way through a gateway, and web
chat conversations."""

from catalog.models.base import Base
from catalog.models.content import (
    CatalogVersion,
    Category,
    Faq,
    GuideStep,
    Service,
    ServiceAlias,
)
from catalog.models.deliveries import (
    AccessToken,
    GatewayInstance,
    OfferedChoices,
    PendingTurn,
    ReceivedUpdate,
)
from catalog.models.editing import ContentDraft, ContentRevision
from catalog.models.family import FamilyGuide, FamilyLink, FamilyShare
from catalog.models.handoffs import (
    HandoffMessage,
    HandoffNotice,
    HelpRequest,
    OutboxMessage,
    RelayChat,
)
from catalog.models.reminders import Reminder, ReminderNotice
from catalog.models.residents import (
    Community,
    CommunityMember,
    GuideOutcome,
    GuideStepReached,
    ServiceRequest,
    StuckEvent,
    UnansweredMessage,
)
from catalog.models.staff import Invite, StaffMember
from catalog.models.teaching import ClassMember, GuidedSession, SessionEvent, TeachingClass
from catalog.models.web_chat import WebConversation, WebMessage

__all__ = [
    "AccessToken",
    "Base",
    "CatalogVersion",
    "Category",
    "ClassMember",
    "Community",
    "CommunityMember",
    "ContentDraft",
    "ContentRevision",
    "FamilyGuide",
    "FamilyLink",
    "FamilyShare",
    "Faq",
    "GatewayInstance",
    "GuideOutcome",
    "GuideStep",
    "GuideStepReached",
    "GuidedSession",
    "HandoffMessage",
    "HandoffNotice",
    "HelpRequest",
    "Invite",
    "OfferedChoices",
    "OutboxMessage",
    "PendingTurn",
    "ReceivedUpdate",
    "RelayChat",
    "Reminder",
    "ReminderNotice",
    "Service",
    "ServiceAlias",
    "ServiceRequest",
    "SessionEvent",
    "StaffMember",
    "StuckEvent",
    "TeachingClass",
    "UnansweredMessage",
    "WebConversation",
    "WebMessage",
]
