"""Sign-in accounts for editors and admins: argon2 password hashes and a lock after repeated
failures. Workers and residents have no way in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import StaffMember

ADMIN_ROLES = ("editor", "admin")
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Account:
    """Who is signed in."""

    id: int
    name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class Refusal(Enum):
    """Why a sign-in failed; wrong name and wrong password are not told apart."""

    WRONG = "wrong"
    LOCKED = "locked"
    NO_ROLE = "no_role"


def create_account(
    sessions: sessionmaker[Session], login_name: str, password: str, role: str, display_name: str
) -> int:
    """A new editor or admin who signs in with `login_name`; returns their staff id."""
    if role not in ADMIN_ROLES:
        raise ValueError(f"role must be one of {', '.join(ADMIN_ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    with sessions.begin() as session:
        if session.scalar(select(StaffMember.id).where(StaffMember.login_name == login_name)):
            raise ValueError(f"the name {login_name!r} is taken")
        member = StaffMember(
            login_name=login_name,
            password_hash=_hasher.hash(password),
            role=role,
            display_name=display_name,
        )
        session.add(member)
        session.flush()
        return member.id


def sign_in(
    sessions: sessionmaker[Session],
    login_name: str,
    password: str,
    now: dt.datetime,
    *,
    max_failures: int,
    lockout: dt.timedelta,
) -> Account | Refusal:
    """The account for these credentials, or why not. `max_failures` wrong passwords in a row
    lock the account for `lockout`, even against the right password."""
    with sessions.begin() as session:
        member = session.scalar(
            select(StaffMember).where(
                StaffMember.login_name == login_name, StaffMember.removed_at.is_(None)
            )
        )
        if member is None or member.password_hash is None:
            _hasher.hash(password)  # the same work as a real check, so timing tells nothing
            return Refusal.WRONG
        if member.locked_until is not None and _aware(member.locked_until) > now:
            return Refusal.LOCKED
        if not _verify(member.password_hash, password):
            member.failed_logins += 1
            if member.failed_logins >= max_failures:
                member.failed_logins, member.locked_until = 0, now + lockout
                return Refusal.LOCKED
            return Refusal.WRONG
        member.failed_logins, member.locked_until = 0, None
        if member.role not in ADMIN_ROLES:
            return Refusal.NO_ROLE
        if _hasher.check_needs_rehash(member.password_hash):
            member.password_hash = _hasher.hash(password)
        return Account(member.id, member.display_name, member.role)


def account(sessions: sessionmaker[Session], staff_id: int) -> Account | None:
    """The signed-in account, if it still exists with an admin role."""
    with sessions() as session:
        member = session.get(StaffMember, staff_id)
    if member is None or member.removed_at is not None or member.role not in ADMIN_ROLES:
        return None
    return Account(member.id, member.display_name, member.role)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
