"""Records of what happened with residents, kept by service slug (stable across catalog imports).

Community workers and editors read them to see where residents get stuck. No Telegram id is ever
stored: `sender_id` is the pseudonymous id Rasa knows the resident by.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base


class GuideOutcome(Base):
    """A resident's answer to "办成了吗？" at the end of (or on leaving) a guide."""

    __tablename__ = "guide_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    service_slug: Mapped[str] = mapped_column(String(64), index=True)
    step_reached: Mapped[int]
    total_steps: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(16))  # done | not_done | stopped
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class StuckEvent(Base):
    """A resident said they were stuck on a step of a guide; `text` is what they typed, masked."""

    __tablename__ = "stuck_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    service_slug: Mapped[str] = mapped_column(String(64), index=True)
    step: Mapped[int]
    trouble: Mapped[str] = mapped_column(String(16))  # where | app | code | password | ...
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class ServiceRequest(Base):
    """A service a resident was told about, and how it was found: `model` (the trained intent),
    `catalog` (names and aliases), `choice` (a button or menu) or `faq`."""

    __tablename__ = "service_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    service_slug: Mapped[str] = mapped_column(String(64), index=True)
    found_by: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )


class UnansweredMessage(Base):
    """A message the assistant could not answer (not understood, or out of scope); `text` is
    masked, and cleared by the retention command."""

    __tablename__ = "unanswered_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )


class GuideStepReached(Base):
    """A resident reached a step of a guide (step 1 when it started): the drop-off per step."""

    __tablename__ = "guide_steps_reached"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    service_slug: Mapped[str] = mapped_column(String(64), index=True)
    step: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )


class Community(Base):
    """A residential community (社区) whose residents' needs can be reported on their own.

    Residents join by opening the community's link (`t.me/<bot>?start=c_<code>`, printed on
    its posters and handed out in its classes)."""

    __tablename__ = "communities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class CommunityMember(Base):
    """The community a resident last joined (by its link); one per resident."""

    __tablename__ = "community_members"

    sender_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    joined_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
