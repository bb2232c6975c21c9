"""Reminders in the database: one per service, listed and cancelled by their resident only,
each notice claimed by one gateway even when several ask at once, failures counted and tried
again later (or the reminder cancelled when the resident's chat is gone), nothing sent at
night."""

from __future__ import annotations

import datetime as dt
import threading

from catalog.models import ReminderNotice
from catalog.recurrence import parse
from handoff.queue import Chat
from reminders import book
from reminders.schedule import Daytime

CHENGDU = Daytime.parse("09:00-20:00", "Asia/Shanghai")
DONE = dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.timezone.utc)  # 11:00 in Chengdu
NOON_A_YEAR_LATER = dt.datetime(2027, 11, 6, 4, 0, tzinfo=dt.timezone.utc)
MOTHER = "tg-mother"


def remind(sessions, service: str = "pension-certification", sender: str = MOTHER) -> book.Booked:
    booked = book.add(sessions, sender, service, parse("每年"), DONE, (30, 7), CHENGDU)
    book.register_chat(sessions, booked.id, Chat("telegram", chat_id=1001))
    return booked


def test_a_reminder_is_listed_replaced_and_cancelled_by_its_resident_only(sessions) -> None:
    first = remind(sessions)
    assert first.due_on == dt.date(2027, 12, 6)
    second = remind(sessions)  # asked again: one reminder of the service
    bus = remind(sessions, "senior-bus-card")
    today = DONE.date()
    assert [b.id for b in book.active(sessions, MOTHER, today)] == [second.id, bus.id]
    assert book.cancel(sessions, "tg-someone-else", bus.id) is None
    assert book.cancel(sessions, MOTHER, bus.id).service_slug == "senior-bus-card"
    assert book.cancel(sessions, MOTHER, bus.id) is None
    [kept] = book.active(sessions, MOTHER, today)
    assert (kept.id, kept.chat) == (second.id, Chat("telegram", chat_id=1001))


def test_a_due_notice_is_claimed_once_and_never_at_night(sessions) -> None:
    booked = remind(sessions)
    assert book.due(sessions, DONE, "telegram", CHENGDU) == []  # not yet
    night = dt.datetime(2027, 11, 6, 14, 0, tzinfo=dt.timezone.utc)  # 22:00 in Chengdu
    assert book.due(sessions, night, "telegram", CHENGDU) == []
    assert book.due(sessions, NOON_A_YEAR_LATER, "wechat", CHENGDU) == []  # another channel's
    [notice] = book.due(sessions, NOON_A_YEAR_LATER, "telegram", CHENGDU)
    assert (notice.days_before, notice.reminder.id) == (30, booked.id)
    assert book.due(sessions, NOON_A_YEAR_LATER, "telegram", CHENGDU) == []  # claimed
    book.sent(sessions, notice.notice_id, NOON_A_YEAR_LATER)
    later = NOON_A_YEAR_LATER + book.CLAIM_LEASE * 2
    assert book.due(sessions, later, "telegram", CHENGDU) == []  # sent: never again


def test_a_claim_of_a_gateway_that_died_is_taken_over_after_the_lease(sessions) -> None:
    remind(sessions)
    [claimed] = book.due(sessions, NOON_A_YEAR_LATER, "telegram", CHENGDU)
    later = NOON_A_YEAR_LATER + book.CLAIM_LEASE + dt.timedelta(seconds=1)
    [again] = book.due(sessions, later, "telegram", CHENGDU)
    assert again.notice_id == claimed.notice_id


def test_a_failed_notice_is_counted_and_tried_again_later(sessions) -> None:
    remind(sessions)
    [notice] = book.due(sessions, NOON_A_YEAR_LATER, "telegram", CHENGDU)
    retry = dt.timedelta(hours=1)
    book.failed(sessions, notice.notice_id, NOON_A_YEAR_LATER, retry)
    assert book.due(sessions, NOON_A_YEAR_LATER + retry / 2, "telegram", CHENGDU) == []
    [again] = book.due(sessions, NOON_A_YEAR_LATER + retry, "telegram", CHENGDU)
    assert again.notice_id == notice.notice_id
    with sessions() as session:
        assert session.get(ReminderNotice, notice.notice_id).failures == 1


def test_a_notice_whose_chat_is_gone_for_good_is_counted_and_its_reminder_cancelled(
    sessions,
) -> None:
    booked = remind(sessions)
    [notice] = book.due(sessions, NOON_A_YEAR_LATER, "telegram", CHENGDU)
    book.unreachable(sessions, notice.notice_id)
    assert book.active(sessions, MOTHER, DONE.date()) == []
    later = NOON_A_YEAR_LATER + book.CLAIM_LEASE * 2
    assert book.due(sessions, later, "telegram", CHENGDU) == []  # never tried again
    with sessions() as session:
        kept = session.get(ReminderNotice, notice.notice_id)
        assert (kept.failures, kept.sent_at, kept.reminder_id) == (1, None, booked.id)


def test_gateways_asking_at_once_send_each_notice_once(sessions) -> None:
    for n in range(20):
        remind(sessions, sender=f"tg-resident-{n}")
    claimed: list[book.Due] = []
    lock = threading.Lock()

    def gateway() -> None:
        got = book.due(sessions, NOON_A_YEAR_LATER, "telegram", CHENGDU)
        with lock:
            claimed.extend(got)

    threads = [threading.Thread(target=gateway) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [due.notice_id for due in claimed]
    assert len(ids) == len(set(ids)) == 20


def test_the_residents_helpers_are_reminded_too_while_they_are_linked(sessions) -> None:
    from family import links
    from family.links import Helper

    invited = links.invite(sessions, MOTHER, DONE)
    daughter = Helper("wx-daughter", Chat("wechat", recipient="o-daughter"))
    links.open_code(sessions, invited.code, daughter, DONE)
    links.name(sessions, invited.id, daughter.sender_id, "女儿")
    links.answer(sessions, MOTHER, invited.id, True, DONE)
    booked = remind(sessions)
    assert book.include_family(sessions, "tg-someone-else", booked.id) is None
    [helper] = book.include_family(sessions, MOTHER, booked.id)
    assert helper.relation == "女儿"
    book.include_family(sessions, MOTHER, booked.id)  # asked twice: one notice a moment
    [to_mother] = book.due(sessions, NOON_A_YEAR_LATER, "telegram", CHENGDU)
    [to_daughter] = book.due(sessions, NOON_A_YEAR_LATER, "wechat", CHENGDU)  # her channel's
    assert to_mother.helper is None and to_daughter.helper.id == helper.id
    assert to_daughter.days_before == to_mother.days_before == 30
    book.sent(sessions, to_mother.notice_id, NOON_A_YEAR_LATER)
    links.remove(sessions, MOTHER, helper.id, NOON_A_YEAR_LATER)
    a_week_before = dt.datetime(2027, 11, 29, 4, 0, tzinfo=dt.timezone.utc)
    [only_mother] = book.due(sessions, a_week_before, "telegram", CHENGDU)
    assert only_mother.days_before == 7
    assert book.due(sessions, a_week_before, "wechat", CHENGDU) == []  # removed: nothing
