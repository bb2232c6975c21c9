"""A resident's own helpers: family members linked to a resident by a code the resident gave
them, and confirmed by the resident; what each was shown (for the resident to see), and the
guides a helper started on the resident's phone with the resident's consent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, String, func
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


class FamilyShare(Base):
    """What a helper was shown of the resident (谁看过): the request's step and words, the
    resident's messages or photos while helped, a guide's progress. Shares of one kind in a row
    are counted on one line."""

    __tablename__ = "family_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("family_links.id"), index=True)
    resident_sender_id: Mapped[str] = mapped_column(String(128), index=True)
    what: Mapped[str] = mapped_column(String(16))  # request | message | photo | progress
    service_slug: Mapped[str | None] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(default=1)
    first_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class FamilyGuide(Base):
    """A helper guiding the resident through one service on the resident's phone: asking (the
    resident is asked) → active (they agreed; the guide runs) → ended; or declined."""

    __tablename__ = "family_guides"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("family_links.id"), index=True)
    resident_sender_id: Mapped[str] = mapped_column(String(128), index=True)
    service_slug: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="asking")
    step_reached: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
