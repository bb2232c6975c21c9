"""The queue of help requests: its states, expiry, announcements, and one owner per request."""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from catalog.database import make_engine, make_session_factory
from catalog.models import HelpRequest, RelayChat, StuckEvent
from catalog.schema_migration import upgrade_to_head
from handoff import queue, request_records, staff
from handoff.hours import OpeningHours

UTC = dt.timezone.utc
LOCAL = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # Monday 10:00 in Chengdu
OFFICE = OpeningHours.parse("mon-fri 09:00-17:00")
WAIT = dt.timedelta(minutes=15)
CHAT = queue.Chat("telegram", 4242)


def open_one(sessions, sender: str = "tg-a", now: dt.datetime = NOW, **fields) -> queue.Opened:
    values = {"reason": "asked", "service_slug": None, "step": None, **fields}
    return queue.open_request(
        sessions, sender_id=sender, now=now, hours=OFFICE, local=LOCAL, **values
    )


def worker(sessions, user_id: int, name: str) -> staff.Staff:
    code = staff.create_invite(sessions, "worker", NOW, dt.timedelta(days=1))
    return staff.join(sessions, code, telegram_user_id=user_id, display_name=name, now=NOW)


def test_a_request_goes_pending_assigned_resolved(sessions) -> None:
    opened = open_one(sessions)
    assert opened.answered_now
    queue.register_chat(sessions, opened.request_id, CHAT)
    li = worker(sessions, 1, "李姐")
    claimed = queue.claim(sessions, opened.request_id, li.id, NOW)
    assert (claimed.status, claimed.worker_name, claimed.chat) == ("assigned", "李姐", CHAT)
    assert queue.active_for_resident(sessions, "tg-a") == claimed
    assert queue.active_for_worker(sessions, li.id) == claimed
    request_records.record_message(
        sessions, opened.request_id, "resident", "text", "我电话13812345678"
    )
    request_records.add_note(sessions, opened.request_id, "回电 13812345678")
    closed = queue.resolve(sessions, opened.request_id, NOW, closed_by="worker")
    assert closed.chat == CHAT  # given back once more, to tell the resident
    request_records.set_outcome(sessions, opened.request_id, "solved")
    with sessions() as session:
        stored = session.get(HelpRequest, opened.request_id)
        assert (stored.status, stored.closed_by, stored.outcome) == ("resolved", "worker", "solved")
        assert "13812345678" not in stored.note
        assert session.get(RelayChat, opened.request_id) is None  # the chat id is forgotten
    [line] = request_records.transcript(sessions, opened.request_id)
    assert "13812345678" not in line.text
    assert queue.resolve(sessions, opened.request_id, NOW, closed_by="worker") is None
    assert queue.active_for_resident(sessions, "tg-a") is None


def test_after_hours_the_request_is_closed_unless_the_resident_wants_a_callback(sessions) -> None:
    saturday = dt.datetime(2026, 11, 28, 4, 0, tzinfo=UTC)
    opened = open_one(sessions, now=saturday)
    assert not opened.answered_now
    assert opened.next_opening == dt.datetime(2026, 11, 30, 9, 0, tzinfo=LOCAL)
    assert queue.get(sessions, opened.request_id).status == "expired"
    request_id = queue.latest_after_hours(sessions, "tg-a")
    assert queue.agree_to_callback(sessions, request_id, "tg-a", opened.next_opening)
    queue.register_chat(sessions, request_id, CHAT)
    # Not announced, and not expired, before opening time; announced at opening.
    every = dt.timedelta(minutes=5)
    assert queue.expire_due(sessions, saturday + WAIT * 4, WAIT, OFFICE, LOCAL) == []
    assert queue.due_for_announcement(sessions, saturday + WAIT, every) == []
    opening = opened.next_opening.astimezone(UTC)
    [due] = queue.due_for_announcement(sessions, opening, every)
    assert due.id == request_id
    # Its wait is counted from opening time.
    assert queue.expire_due(sessions, opening + WAIT / 2, WAIT, OFFICE, LOCAL) == []
    [expired] = queue.expire_due(sessions, opening + WAIT, WAIT, OFFICE, LOCAL)
    assert (expired.id, expired.status, expired.chat) == (request_id, "expired", CHAT)


def test_a_resident_with_an_open_request_keeps_it(sessions) -> None:
    first = open_one(sessions)
    assert open_one(sessions).request_id == first.request_id


def test_announcements_wait_for_a_chat_and_repeat_after_the_interval(sessions) -> None:
    every = dt.timedelta(minutes=5)
    opened = open_one(sessions)
    assert queue.due_for_announcement(sessions, NOW, every) == []  # nobody to relay to yet
    queue.register_chat(sessions, opened.request_id, CHAT)
    assert [r.id for r in queue.due_for_announcement(sessions, NOW, every)] == [opened.request_id]
    assert queue.due_for_announcement(sessions, NOW + every / 2, every) == []
    assert len(queue.due_for_announcement(sessions, NOW + every, every)) == 1
    assert [r.id for r in queue.waiting(sessions)] == [opened.request_id]


def test_pending_requests_expire_after_the_wait_and_at_closing_time(sessions) -> None:
    early = open_one(sessions, "tg-a")
    late = open_one(sessions, "tg-b", now=NOW + WAIT / 2)
    [expired] = queue.expire_due(sessions, NOW + WAIT, WAIT, OFFICE, LOCAL)
    assert expired.id == early.request_id
    closing = dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 17:00 in Chengdu
    [expired] = queue.expire_due(sessions, closing, WAIT * 100, OFFICE, LOCAL)
    assert expired.id == late.request_id
    assert queue.claim(sessions, late.request_id, worker(sessions, 1, "李姐").id, NOW) is (
        queue.ClaimRefusal.CLOSED
    )


def test_a_worker_helps_one_resident_at_a_time(sessions) -> None:
    li = worker(sessions, 1, "李姐")
    first, second = open_one(sessions, "tg-a"), open_one(sessions, "tg-b")
    assert isinstance(queue.claim(sessions, first.request_id, li.id, NOW), queue.Request)
    assert queue.claim(sessions, second.request_id, li.id, NOW) is queue.ClaimRefusal.BUSY


def test_the_stuck_words_of_the_step_go_with_the_request(sessions) -> None:
    with sessions.begin() as session:
        session.add(
            StuckEvent(
                sender_id="tg-a", service_slug="pay-water", step=2, trouble="app", text="找不到"
            )
        )
    opened = open_one(sessions, reason="stuck", service_slug="pay-water", step=2)
    assert request_records.stuck_words(sessions, queue.get(sessions, opened.request_id)) == "找不到"


def claim_at_once(sessions: sessionmaker[Session], claimants: int, round_: int) -> list[object]:
    """`claimants` new workers press 认领 on a new request at the same moment."""
    opened = open_one(sessions, f"tg-{round_}")
    workers = [worker(sessions, 100 * round_ + n, f"工作人员{n}") for n in range(claimants)]
    start = threading.Barrier(claimants)
    results: list[object] = [None] * claimants

    def press(index: int) -> None:
        start.wait()
        results[index] = queue.claim(sessions, opened.request_id, workers[index].id, NOW)

    threads = [threading.Thread(target=press, args=(n,)) for n in range(claimants)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def assert_one_owner(results: list[object]) -> None:
    owners = [r for r in results if isinstance(r, queue.Request)]
    assert len(owners) == 1
    assert all(r is queue.ClaimRefusal.TAKEN for r in results if r not in owners)


def test_two_workers_claiming_at_once_give_one_owner(sessions) -> None:
    for round_ in range(1, 6):
        assert_one_owner(claim_at_once(sessions, 2, round_))


POSTGRES = os.environ.get("TEST_POSTGRES_URL")


@pytest.mark.skipif(not POSTGRES, reason="needs TEST_POSTGRES_URL")
def test_many_workers_claiming_at_once_on_postgresql_give_one_owner() -> None:
    engine = make_engine(POSTGRES)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    for round_ in range(1, 6):
        assert_one_owner(claim_at_once(sessions, 6, round_))
    with sessions() as session:
        assigned = session.scalars(select(HelpRequest).where(HelpRequest.status == "assigned"))
        assert len(assigned.all()) == 5
    engine.dispose()


def test_a_request_keeps_its_forum_topic_in_the_workers_group(sessions) -> None:
    opened = open_one(sessions)
    assert request_records.topic_of(sessions, opened.request_id, -100) is None
    request_records.add_notice(sessions, opened.request_id, -100, 5, thread_id=1001)
    request_records.add_notice(sessions, opened.request_id, 7, 6)
    assert request_records.topic_of(sessions, opened.request_id, -100) == 1001
    assert request_records.topic_of(sessions, opened.request_id, 7) is None
    assert sorted(request_records.notices(sessions, opened.request_id)) == [(-100, 5), (7, 6)]
