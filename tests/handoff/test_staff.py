"""Staff: one-time invites that expire, joining, duty, removal."""

from __future__ import annotations

import datetime as dt

import pytest

from handoff import staff

NOW = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.timezone.utc)
DAY = dt.timedelta(days=1)


def test_an_invite_makes_one_worker_once(sessions) -> None:
    code = staff.create_invite(sessions, "worker", NOW, DAY)
    assert len(code) == staff.CODE_LENGTH
    member = staff.join(sessions, code.lower(), telegram_user_id=7, display_name="李姐", now=NOW)
    assert isinstance(member, staff.Staff)
    assert (member.role, member.display_name, member.on_duty) == ("worker", "李姐", False)
    assert staff.by_telegram_user(sessions, 7) == member
    again = staff.join(sessions, code, telegram_user_id=8, display_name="张哥", now=NOW)
    assert again is staff.JoinRefusal.UNKNOWN
    assert staff.by_telegram_user(sessions, 8) is None


def test_an_invite_expires_after_its_day(sessions) -> None:
    code = staff.create_invite(sessions, "admin", NOW, DAY)
    late = staff.join(sessions, code, telegram_user_id=7, display_name="李姐", now=NOW + DAY)
    assert late is staff.JoinRefusal.EXPIRED


def test_unknown_roles_are_refused(sessions) -> None:
    with pytest.raises(ValueError, match="role"):
        staff.create_invite(sessions, "resident", NOW, DAY)


def test_duty_and_removal(sessions) -> None:
    members = []
    for user, role in ((1, "worker"), (2, "editor"), (3, "admin")):
        code = staff.create_invite(sessions, role, NOW, DAY)
        members.append(
            staff.join(sessions, code, telegram_user_id=user, display_name=role, now=NOW)
        )
    for member in members:
        staff.set_duty(sessions, member.id, True)
    assert [m.role for m in staff.on_duty(sessions)] == ["worker", "admin"]  # editors take none
    assert staff.remove(sessions, members[0].id, NOW).display_name == "worker"
    assert staff.by_telegram_user(sessions, 1) is None
    assert [m.role for m in staff.on_duty(sessions)] == ["admin"]
    assert staff.remove(sessions, members[0].id, NOW) is None
    # Invited again, the removed worker is staff again.
    code = staff.create_invite(sessions, "worker", NOW, DAY)
    assert (
        staff.join(sessions, code, telegram_user_id=1, display_name="又来了", now=NOW).role
        == "worker"
    )
