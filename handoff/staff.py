"""Staff and their roles: one-time invites, joining, duty, listing and removing workers."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import Invite, StaffMember
from catalog.models.staff import ROLES

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 8
HANDLES_REQUESTS = ("worker", "admin")


@dataclass(frozen=True)
class Staff:
    """A member of staff as the channels see them."""

    id: int
    telegram_user_id: int | None
    display_name: str
    role: str
    on_duty: bool

    @property
    def handles_requests(self) -> bool:
        """Workers and admins take residents' help requests."""
        return self.role in HANDLES_REQUESTS

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class JoinRefusal(Enum):
    """Why a code did not make someone staff."""

    UNKNOWN = "unknown"  # never issued, mistyped, or already used
    EXPIRED = "expired"


def create_invite(
    sessions: sessionmaker[Session], role: str, now: dt.datetime, valid_for: dt.timedelta
) -> str:
    """A new one-time code for joining as `role`; only its hash is stored."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    code = new_code(CODE_LENGTH)
    with sessions.begin() as session:
        session.add(Invite(code_hash=_hash(code), role=role, expires_at=now + valid_for))
    return code


def join(
    sessions: sessionmaker[Session],
    code: str,
    *,
    telegram_user_id: int,
    display_name: str,
    now: dt.datetime,
) -> Staff | JoinRefusal:
    """Use `code` once: its sender becomes staff with the invite's role."""
    code_hash = _hash(code.strip().upper())
    with sessions.begin() as session:
        invite = session.scalars(
            select(Invite).where(Invite.code_hash == code_hash, Invite.used_at.is_(None))
        ).one_or_none()
        if invite is None:
            return JoinRefusal.UNKNOWN
        used = session.execute(
            update(Invite)
            .where(Invite.id == invite.id, Invite.used_at.is_(None), Invite.expires_at > now)
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not used:
            return JoinRefusal.EXPIRED
        member = session.scalars(
            select(StaffMember).where(StaffMember.telegram_user_id == telegram_user_id)
        ).one_or_none()
        if member is None:
            member = StaffMember(telegram_user_id=telegram_user_id, on_duty=False)
            session.add(member)
        member.role, member.display_name, member.removed_at = invite.role, display_name, None
        session.flush()
        invite.used_by = member.id
        return _view(member)


def by_telegram_user(sessions: sessionmaker[Session], telegram_user_id: int) -> Staff | None:
    """The current staff member with this Telegram user id, if any."""
    with sessions() as session:
        member = session.scalars(
            select(StaffMember).where(
                StaffMember.telegram_user_id == telegram_user_id, StaffMember.removed_at.is_(None)
            )
        ).one_or_none()
        return _view(member) if member else None


def by_id(sessions: sessionmaker[Session], member_id: int) -> Staff | None:
    with sessions() as session:
        member = session.get(StaffMember, member_id)
        return _view(member) if member and member.removed_at is None else None


def set_duty(sessions: sessionmaker[Session], member_id: int, on_duty: bool) -> None:
    with sessions.begin() as session:
        session.execute(
            update(StaffMember).where(StaffMember.id == member_id).values(on_duty=on_duty)
        )


def on_duty(sessions: sessionmaker[Session]) -> list[Staff]:
    """Workers and admins on duty now, who are told of new requests."""
    return [member for member in current(sessions) if member.on_duty and member.handles_requests]


def current(sessions: sessionmaker[Session]) -> list[Staff]:
    """All staff not removed, in the order they joined."""
    with sessions() as session:
        members = session.scalars(
            select(StaffMember).where(StaffMember.removed_at.is_(None)).order_by(StaffMember.id)
        )
        return [_view(member) for member in members]


def remove(sessions: sessionmaker[Session], member_id: int, now: dt.datetime) -> Staff | None:
    """Take a member's role away; returns who was removed, None if there was no such member."""
    with sessions.begin() as session:
        member = session.get(StaffMember, member_id)
        if member is None or member.removed_at is not None:
            return None
        member.removed_at, member.on_duty = now, False
        return _view(member)


def new_code(length: int) -> str:
    """A random code that is easy to read out and type (no 0/O, 1/I)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _view(member: StaffMember) -> Staff:
    return Staff(
        id=member.id,
        telegram_user_id=member.telegram_user_id,
        display_name=member.display_name,
        role=member.role,
        on_duty=member.on_duty,
    )
