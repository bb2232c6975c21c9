"""Reminders a resident asked for at the end of a guide of a service that recurs: the day by
which it must be done again, where the resident is reached, and a notice for each moment to
remind them (30 and 7 days before), sent once by whichever gateway claims it first; and, when
the resident asked, one for each of their family helpers at the same moments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base


class Reminder(Base):
    """One resident's reminder of one service: active until it is cancelled or its day passed."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    service_slug: Mapped[str] = mapped_column(String(64))
    due_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | cancelled
    channel: Mapped[str | None] = mapped_column(String(16))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    recipient: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class ReminderNotice(Base):
    """One moment to remind: due from `send_after` (in the resident's daytime), claimed by one
    gateway, sent once; a failed try is counted and tried again from `send_after` moved on."""

    __tablename__ = "reminder_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminders.id"), index=True)
    days_before: Mapped[int]
    send_after: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(default=0)
    # A notice for one of the resident's family helpers (提醒我家人) rather than the resident.
    family_link_id: Mapped[int | None] = mapped_column(ForeignKey("family_links.id"), index=True)
