"""A guided session: join code, consent, progress as data, end with an outcome."""

from __future__ import annotations

import datetime as dt

import pytest

from handoff import staff
from handoff.queue import Chat
from teaching import sessions
from teaching.sessions import Progress

NOW = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def sessions_db(sessions):
    """The database's sessions (named apart from the `teaching.sessions` module)."""
    return sessions


@pytest.fixture
def worker(sessions_db) -> staff.Staff:
    code = staff.create_invite(sessions_db, "worker", NOW, dt.timedelta(days=1))
    return staff.join(sessions_db, code, telegram_user_id=1, display_name="李姐", now=NOW)


def progress(event: str, step: int, said: str = "") -> Progress:
    data = {"guide": {"service": "pay-water", "step": step, "total": 5, "event": event}}
    data["guide"]["said"] = said
    return Progress.from_data(data)


def test_a_session_from_code_to_outcome(sessions_db, worker) -> None:
    created = sessions.create(sessions_db, worker.id)
    assert created.status == "waiting" and len(created.code) == sessions.CODE_LENGTH
    assert sessions.open_code(sessions_db, "NOPE22", "tg-a", Chat("telegram", 42)) is None
    opened = sessions.open_code(sessions_db, created.code.lower(), "tg-a", Chat("telegram", 42))
    assert (opened.status, opened.sender_id, opened.chat_id) == ("asking", "tg-a", 42)
    assert (
        sessions.open_code(sessions_db, created.code, "tg-b", Chat("telegram", 43)) is None
    )  # used once
    assert sessions.answer_consent(sessions_db, created.id, "tg-b", True, NOW) is None
    assert sessions.answer_consent(sessions_db, created.id, "tg-a", True, NOW).status == "active"
    sessions.choose_service(sessions_db, created.id, "pay-water", 5)

    assert sessions.record(sessions_db, "tg-other", progress("step", 2)) is None
    sessions.record(sessions_db, "tg-a", progress("started", 1))
    sessions.record(sessions_db, "tg-a", progress("step", 2))
    stuck = sessions.record(sessions_db, "tg-a", progress("stuck", 2, "我电话13812345678 找不到"))
    assert stuck.step_reached == 2
    events = [(e.event, e.step, e.text) for e in sessions.events(sessions_db, created.id)]
    assert events == [
        ("started", 1, ""),
        ("step", 2, ""),
        ("stuck", 2, "我电话138****5678 找不到"),
    ]

    ended = sessions.end(sessions_db, created.id, NOW, "partly", "下次再学 13812345678")
    assert ended.chat_id == 42  # given back once, to send the recap
    stored = sessions.get(sessions_db, created.id)
    assert (stored.status, stored.chat_id, stored.outcome) == ("ended", None, "partly")
    assert "13812345678" not in stored.note
    assert sessions.end(sessions_db, created.id, NOW) is None
    assert sessions.active_for_resident(sessions_db, "tg-a") is None


def test_a_declined_session_ends_and_forgets_the_chat(sessions_db, worker) -> None:
    created = sessions.create(sessions_db, worker.id)
    sessions.open_code(sessions_db, created.code, "tg-a", Chat("telegram", 42))
    declined = sessions.answer_consent(sessions_db, created.id, "tg-a", False, NOW)
    assert declined.status == "ended" and declined.chat_id is None


def test_a_new_session_ends_the_workers_earlier_one(sessions_db, worker) -> None:
    first = sessions.create(sessions_db, worker.id)
    second = sessions.create(sessions_db, worker.id)
    assert sessions.get(sessions_db, first.id).status == "ended"
    assert sessions.open_for_worker(sessions_db, worker.id).id == second.id


def test_progress_data_that_is_not_a_guides_is_ignored() -> None:
    assert Progress.from_data({"handoff": {"request": 3}}) is None
    assert Progress.from_data({"guide": {"event": "dancing"}}) is None


def test_a_resident_invited_back_continues_at_their_step(sessions_db, worker) -> None:
    first = sessions.invite_resident(sessions_db, worker.id, "tg-a", Chat("telegram", 42))
    sessions.answer_consent(sessions_db, first.id, "tg-a", True, NOW)
    sessions.choose_service(sessions_db, first.id, "pay-water", 5)
    sessions.record(sessions_db, "tg-a", progress("step", 3))
    sessions.end(sessions_db, first.id, NOW, "partly")
    again = sessions.invite_resident(sessions_db, worker.id, "tg-a", Chat("telegram", 42))
    assert sessions.step_left_at(sessions_db, "tg-a", "pay-water", again.id) == 3
    assert sessions.step_left_at(sessions_db, "tg-a", "pay-gas", again.id) is None
    sessions.set_outcome(sessions_db, first.id, "learned")
    assert sessions.step_left_at(sessions_db, "tg-a", "pay-water", again.id) is None
