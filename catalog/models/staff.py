"""The people who run the service: community workers, editors and admins, and the one-time
invites that make someone one of them.

Staff join by choice, so their Telegram user id is stored (the bot must be able to write to
them); residents' ids never are.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, String, false, func
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base

ROLES = ("worker", "editor", "admin")


class StaffMember(Base):
    """A worker, editor or admin; `removed_at` set once an admin removed them."""

    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # worker | editor | admin
    on_duty: Mapped[bool] = mapped_column(default=False, server_default=false())
    joined_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Editors and admins also sign in to the web admin with a name and an argon2 hash.
    login_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256))
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Invite(Base):
    """A one-time code for joining with `role`; only its hash is stored."""

    __tablename__ = "staff_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    used_by: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
