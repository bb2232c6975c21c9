"""Sign-in for editors and admins: argon2 hashes, a lock after wrong passwords in a row, and no
way in for workers, removed staff or unknown names."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from argon2 import PasswordHasher
from sqlalchemy.orm import Session, sessionmaker

from admin import accounts
from admin.accounts import Account, Refusal
from catalog.models import StaffMember

NOW = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.timezone.utc)
LOCKOUT = dt.timedelta(minutes=15)
PASSWORD = "水费电费一起交2026"


def sign_in(sessions: sessionmaker[Session], name: str, password: str, now: dt.datetime = NOW):
    return accounts.sign_in(sessions, name, password, now, max_failures=3, lockout=LOCKOUT)


@pytest.fixture
def editor(sessions: sessionmaker[Session]) -> int:
    return accounts.create_account(sessions, "wang", PASSWORD, "editor", "王编辑")


def test_the_right_password_signs_in_and_only_a_hash_is_kept(
    sessions: sessionmaker[Session], editor: int
) -> None:
    assert sign_in(sessions, "wang", PASSWORD) == Account(editor, "王编辑", "editor")
    with sessions() as session:
        stored = session.get(StaffMember, editor).password_hash
    assert stored.startswith("$argon2") and PASSWORD not in stored
    admin_id = accounts.create_account(sessions, "li", PASSWORD, "admin", "李管理")
    assert sign_in(sessions, "li", PASSWORD).is_admin
    assert not sign_in(sessions, "wang", PASSWORD).is_admin
    assert accounts.account(sessions, admin_id) == Account(admin_id, "李管理", "admin")


@pytest.mark.parametrize(
    ("name", "password", "role", "problem"),
    [
        ("zhang", PASSWORD, "worker", "role"),
        ("zhang", "short", "editor", "at least 10"),
        ("wang", PASSWORD, "editor", "taken"),
    ],
)
def test_accounts_need_an_admin_role_a_long_password_and_a_free_name(
    sessions: sessionmaker[Session], editor: int, name: str, password: str, role: str, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        accounts.create_account(sessions, name, password, role, "张三")


def test_a_wrong_password_and_an_unknown_name_are_refused_alike(
    sessions: sessionmaker[Session], editor: int
) -> None:
    assert sign_in(sessions, "wang", PASSWORD + "x") is Refusal.WRONG
    assert sign_in(sessions, "nobody", PASSWORD) is Refusal.WRONG
    assert sign_in(sessions, "", "") is Refusal.WRONG


def test_wrong_passwords_in_a_row_lock_the_account_even_against_the_right_one(
    sessions: sessionmaker[Session], editor: int
) -> None:
    assert [sign_in(sessions, "wang", "wrong") for _ in range(3)] == [
        Refusal.WRONG,
        Refusal.WRONG,
        Refusal.LOCKED,
    ]
    almost = NOW + LOCKOUT - dt.timedelta(seconds=1)
    assert sign_in(sessions, "wang", PASSWORD, almost) is Refusal.LOCKED
    assert isinstance(sign_in(sessions, "wang", PASSWORD, NOW + LOCKOUT), Account)


def test_signing_in_resets_the_count_of_wrong_passwords(
    sessions: sessionmaker[Session], editor: int
) -> None:
    wrong = partial(sign_in, sessions, "wang", "wrong")
    assert [wrong(), wrong()] == [Refusal.WRONG, Refusal.WRONG]
    assert isinstance(sign_in(sessions, "wang", PASSWORD), Account)
    assert [wrong(), wrong()] == [Refusal.WRONG, Refusal.WRONG]
    assert wrong() is Refusal.LOCKED


def test_workers_have_no_way_in_even_with_a_password(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        worker = StaffMember(
            display_name="李姐",
            role="worker",
            login_name="lijie",
            password_hash=PasswordHasher().hash(PASSWORD),
        )
        session.add(worker)
    assert sign_in(sessions, "lijie", PASSWORD) is Refusal.NO_ROLE
    assert sign_in(sessions, "lijie", "wrong") is Refusal.WRONG
    assert accounts.account(sessions, worker.id) is None


def test_removed_staff_are_refused_and_lose_their_session(
    sessions: sessionmaker[Session], editor: int
) -> None:
    with sessions.begin() as session:
        session.get(StaffMember, editor).removed_at = NOW
    assert sign_in(sessions, "wang", PASSWORD) is Refusal.WRONG
    assert accounts.account(sessions, editor) is None
    assert accounts.account(sessions, 404) is None
