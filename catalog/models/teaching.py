"""Guided sessions (a worker with one resident) and classes (a worker with a group), service by
service. While one runs, the chats it needs are kept; once it ends, only what the worker's
record needs stays: service, steps reached, stuck points (masked), outcome, duration, attendance.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base


class GuidedSession(Base):
    """One worker guiding one resident: waiting for them to join, asking their consent,
    active, ended."""

    __tablename__ = "guided_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    sender_id: Mapped[str | None] = mapped_column(String(128), index=True)
    # Where the resident is reached (`channel`: the gateway's name; a chat, or a person on a
    # channel that addresses people); cleared when it ends.
    channel: Mapped[str | None] = mapped_column(String(16))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    recipient: Mapped[str | None] = mapped_column(String(64))
    service_slug: Mapped[str | None] = mapped_column(String(64))
    total_steps: Mapped[int | None]
    step_reached: Mapped[int] = mapped_column(default=0)
    outcome: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class SessionEvent(Base):
    """What the worker of a session saw happen: a step reached, stuck (with the words, masked),
    done or stopped."""

    __tablename__ = "session_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("guided_sessions.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(String(16))
    step: Mapped[int]
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class TeachingClass(Base):
    """A worker teaching one service to a Telegram group, step by step at their pace; residents
    on another channel follow it by its code."""

    __tablename__ = "teaching_classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    code: Mapped[str | None] = mapped_column(String(16), unique=True, index=True)
    service_slug: Mapped[str] = mapped_column(String(64))
    total_steps: Mapped[int]
    step: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(16), default="active")
    panel_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ClassMember(Base):
    """A resident who answered in a class; their Telegram id (or, on another channel, their
    channel and address) and name are kept only while the class runs (to show the worker who is
    stuck, to send them the steps and the recap)."""

    __tablename__ = "class_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(
        ForeignKey("teaching_classes.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[str] = mapped_column(String(128))
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger)
    channel: Mapped[str | None] = mapped_column(String(16))  # set for members not on Telegram
    recipient: Mapped[str | None] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(64))
    joined_step: Mapped[int]
    done_step: Mapped[int] = mapped_column(default=0)
    stuck_step: Mapped[int | None]
    times_stuck: Mapped[int] = mapped_column(default=0)
