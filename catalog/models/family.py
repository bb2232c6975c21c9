"""A resident's own helpers: family members linked to a resident by a code the resident gave
them, and confirmed by the resident."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base


class FamilyLink(Base):
    """One helper of one resident: invited (a code, for a day) → naming (the helper opened it
    and says who they are) → asking (the resident is asked) → linked; or declined, expired,
    removed (by the resident) or left (by the helper). Where each of them is reached is kept
    while the link is open."""

    __tablename__ = "family_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_sender_id: Mapped[str] = mapped_column(String(128), index=True)
    code: Mapped[str | None] = mapped_column(String(16), unique=True, index=True)
    status: Mapped[str] = mapped_column(String(16), default="invited")
    relation: Mapped[str | None] = mapped_column(String(16))  # 儿子, 女儿, a name
    resident_channel: Mapped[str | None] = mapped_column(String(16))
    resident_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    resident_recipient: Mapped[str | None] = mapped_column(String(64))
    helper_sender_id: Mapped[str | None] = mapped_column(String(128), index=True)
    helper_channel: Mapped[str | None] = mapped_column(String(16))
    helper_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    helper_recipient: Mapped[str | None] = mapped_column(String(64))
    helper_told: Mapped[str | None] = mapped_column(String(16))  # the last change told them
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    linked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
