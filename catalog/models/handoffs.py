"""Help requests and their handoff to a community worker.

A request is pending until a worker claims it, then assigned, then resolved; a pending request
nobody claimed in time expires. What was said while a worker talked with the resident is kept
masked, in `handoff_messages`, for as long as the retention setting allows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, String, Text, false, func
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base

STATUSES = ("pending", "assigned", "resolved", "expired")
OUTCOMES = ("solved", "not_solved", "referred")


class HelpRequest(Base):
    """A resident asked for a person, or was stuck twice on the same step; of the community
    workers, or of the resident's family helpers."""

    __tablename__ = "help_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    service_slug: Mapped[str | None] = mapped_column(String(64))
    step: Mapped[int | None]
    reason: Mapped[str] = mapped_column(String(16))  # asked | stuck
    status: Mapped[str] = mapped_column(
        String(16), default="pending", server_default="pending", index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # Asked outside opening hours, with the resident's agreement to be contacted at opening.
    not_before: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    announced_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(16))  # worker | resident | family | expiry
    outcome: Mapped[str | None] = mapped_column(String(16))  # solved | not_solved | referred
    note: Mapped[str | None] = mapped_column(Text)
    # Asked of the resident's family helpers instead of the workers, and the helper who took it.
    for_family: Mapped[bool] = mapped_column(default=False, server_default=false())
    family_link_id: Mapped[int | None] = mapped_column(ForeignKey("family_links.id"))


class RelayChat(Base):
    """Where to reach the resident of an open request, on their channel: a chat (Telegram) or a
    person (`recipient`, WeChat's openid); deleted when the request closes."""

    __tablename__ = "relay_chats"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_requests.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    recipient: Mapped[str | None] = mapped_column(String(64))


class HandoffNotice(Base):
    """A message that announced a request to workers, edited once someone claimed it."""

    __tablename__ = "handoff_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_requests.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)  # the request's topic in a forum


class HandoffMessage(Base):
    """One message relayed between a resident and a worker; `text` is masked."""

    __tablename__ = "handoff_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_requests.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(String(16))  # resident | worker
    kind: Mapped[str] = mapped_column(String(16))  # text | photo | voice | sticker | other
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class OutboxMessage(Base):
    """A message of a handoff, a guided session or a class waiting for the gateway that reaches its
    recipient: the resident (on `channel`, at `chat_id` or `recipient`) or the worker of the
    request or session. Its words and data are cleared once delivered (the transcript and the
    session's events keep what is kept, masked)."""

    __tablename__ = "handoff_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("help_requests.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("guided_sessions.id", ondelete="CASCADE"), index=True
    )
    class_id: Mapped[int | None] = mapped_column(
        ForeignKey("teaching_classes.id", ondelete="CASCADE"), index=True
    )
    to: Mapped[str] = mapped_column(String(16))  # resident | worker
    channel: Mapped[str | None] = mapped_column(String(16))  # the resident's, for them
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    recipient: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # text | … | replies | end | progress | …
    text: Mapped[str] = mapped_column(Text, default="")
    replies: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)  # Rasa's, for the resident
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # a guide's progress, for the worker
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # The resident's channel refused it (out of its window): kept until the resident writes.
    held_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
