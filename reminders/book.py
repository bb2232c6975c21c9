"""The reminders residents asked for, and their notices: added at a guide's end, listed and
cancelled by the resident, claimed by one gateway when due (an atomic update, so several
instances send each once), marked sent, or counted as failed and tried again later (or, when
the resident's chat is gone for good, the reminder cancelled).

A resident may have their family helpers reminded too (提醒我家人): each linked helper gets a
notice at the same moments, sent by the gateway of the helper's channel while they are linked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import FamilyLink, Reminder, ReminderNotice
from catalog.recurrence import Recurrence
from family import links
from family.links import Link
from handoff.queue import Chat
from reminders.schedule import Daytime, notice_moments

CLAIM_LEASE = dt.timedelta(minutes=5)  # a claim older than this was a gateway that died


@dataclass(frozen=True)
class Booked:
    id: int
    sender_id: str
    service_slug: str
    due_on: dt.date
    chat: Chat | None


@dataclass(frozen=True)
class Due:
    """A notice to send now, claimed by the caller."""

    notice_id: int
    days_before: int
    reminder: Booked
    helper: Link | None = None  # a notice for this family helper, not the resident


def add(
    sessions: sessionmaker[Session],
    sender_id: str,
    service_slug: str,
    recurrence: Recurrence,
    now: dt.datetime,
    days_before: tuple[int, ...],
    daytime: Daytime,
) -> Booked:
    """Remind the resident before the service is due again (it was done today); an earlier
    reminder of the same service is replaced."""
    due_on = recurrence.next_due(now.astimezone(daytime.zone).date())
    with sessions.begin() as session:
        session.execute(
            update(Reminder)
            .where(
                Reminder.sender_id == sender_id,
                Reminder.service_slug == service_slug,
                Reminder.status == "active",
            )
            .values(status="cancelled")
        )
        reminder = Reminder(sender_id=sender_id, service_slug=service_slug, due_on=due_on)
        session.add(reminder)
        session.flush()
        for days, send_after in notice_moments(due_on, now, days_before, daytime):
            session.add(
                ReminderNotice(reminder_id=reminder.id, days_before=days, send_after=send_after)
            )
        return _booked(reminder)


def register_chat(sessions: sessionmaker[Session], reminder_id: int, chat: Chat) -> None:
    """Where the resident is reached, noted by the gateway they asked through."""
    with sessions.begin() as session:
        reminder = session.get(Reminder, reminder_id)
        if reminder is not None:
            reminder.channel, reminder.chat_id = chat.channel, chat.chat_id
            reminder.recipient = chat.recipient


def active(sessions: sessionmaker[Session], sender_id: str, today: dt.date) -> list[Booked]:
    """The resident's reminders still ahead, soonest first."""
    with sessions() as session:
        rows = session.scalars(
            select(Reminder)
            .where(
                Reminder.sender_id == sender_id,
                Reminder.status == "active",
                Reminder.due_on >= today,
            )
            .order_by(Reminder.due_on, Reminder.id)
        ).all()
        return [_booked(row) for row in rows]


def get(sessions: sessionmaker[Session], reminder_id: int) -> Booked | None:
    """An active reminder."""
    with sessions() as session:
        reminder = session.get(Reminder, reminder_id)
        return _booked(reminder) if reminder and reminder.status == "active" else None


def cancel(sessions: sessionmaker[Session], sender_id: str, reminder_id: int) -> Booked | None:
    """The resident cancels one of their reminders; None if it is not theirs or not active."""
    with sessions.begin() as session:
        reminder = session.get(Reminder, reminder_id)
        if reminder is None or reminder.sender_id != sender_id or reminder.status != "active":
            return None
        reminder.status = "cancelled"
        return _booked(reminder)


def include_family(
    sessions: sessionmaker[Session], sender_id: str, reminder_id: int
) -> list[Link] | None:
    """Remind the resident's linked helpers too, at the moments still ahead; the helpers, or
    None when the reminder is not the resident's active one."""
    helpers = links.helpers_of(sessions, sender_id)
    with sessions.begin() as session:
        reminder = session.get(Reminder, reminder_id)
        if reminder is None or reminder.sender_id != sender_id or reminder.status != "active":
            return None
        notices = session.scalars(
            select(ReminderNotice).where(ReminderNotice.reminder_id == reminder_id)
        ).all()
        ahead = [n for n in notices if n.family_link_id is None and n.sent_at is None]
        have = {(n.family_link_id, n.days_before) for n in notices}
        for helper in helpers:
            for notice in ahead:
                if (helper.id, notice.days_before) not in have:
                    session.add(
                        ReminderNotice(
                            reminder_id=reminder_id,
                            days_before=notice.days_before,
                            send_after=notice.send_after,
                            family_link_id=helper.id,
                        )
                    )
    return helpers


def due(
    sessions: sessionmaker[Session], now: dt.datetime, channel: str, daytime: Daytime
) -> list[Due]:
    """The notices of `channel`'s residents due now, each claimed by this call only; none at
    night in the residents' time zone."""
    if not daytime.contains(now):
        return []
    with sessions() as session:
        candidates = (
            session.execute(
                select(ReminderNotice.id)
                .join(Reminder, Reminder.id == ReminderNotice.reminder_id)
                .outerjoin(FamilyLink, FamilyLink.id == ReminderNotice.family_link_id)
                .where(
                    Reminder.status == "active",
                    or_(
                        and_(ReminderNotice.family_link_id.is_(None), Reminder.channel == channel),
                        and_(FamilyLink.status == "linked", FamilyLink.helper_channel == channel),
                    ),
                    ReminderNotice.send_after <= now,
                    _claimable(now),
                )
                .order_by(ReminderNotice.send_after)
            )
            .scalars()
            .all()
        )
    claimed = []
    for notice_id in candidates:
        with sessions.begin() as session:
            won = session.execute(
                update(ReminderNotice)
                .where(ReminderNotice.id == notice_id, _claimable(now))
                .values(claimed_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
            if won:
                notice = session.get(ReminderNotice, notice_id)
                reminder = session.get(Reminder, notice.reminder_id)
                link = session.get(FamilyLink, notice.family_link_id or 0)
                helper = links.view(link) if link is not None else None
                claimed.append(Due(notice_id, notice.days_before, _booked(reminder), helper))
    return claimed


def _claimable(now: dt.datetime) -> ColumnElement[bool]:
    """Not sent, and not claimed by a gateway still within its lease."""
    return and_(
        ReminderNotice.sent_at.is_(None),
        or_(ReminderNotice.claimed_at.is_(None), ReminderNotice.claimed_at < now - CLAIM_LEASE),
    )


def sent(sessions: sessionmaker[Session], notice_id: int, now: dt.datetime) -> None:
    with sessions.begin() as session:
        session.execute(
            update(ReminderNotice).where(ReminderNotice.id == notice_id).values(sent_at=now)
        )


def failed(
    sessions: sessionmaker[Session], notice_id: int, now: dt.datetime, retry: dt.timedelta
) -> None:
    """Not delivered (blocked, out of the channel's window): counted, and tried again later."""
    with sessions.begin() as session:
        session.execute(
            update(ReminderNotice)
            .where(ReminderNotice.id == notice_id)
            .values(
                claimed_at=None,
                send_after=now + retry,
                failures=ReminderNotice.failures + 1,
            )
        )


def unreachable(sessions: sessionmaker[Session], notice_id: int) -> None:
    """The resident's chat is gone for good (a web conversation they cleared): the try is
    counted as failed and the reminder cancelled, since none of its notices could reach them."""
    with sessions.begin() as session:
        notice = session.get(ReminderNotice, notice_id)
        if notice is None:
            return
        notice.claimed_at, notice.failures = None, notice.failures + 1
        session.execute(
            update(Reminder).where(Reminder.id == notice.reminder_id).values(status="cancelled")
        )


def _booked(reminder: Reminder) -> Booked:
    chat = (
        Chat(reminder.channel, reminder.chat_id, reminder.recipient) if reminder.channel else None
    )
    return Booked(reminder.id, reminder.sender_id, reminder.service_slug, reminder.due_on, chat)
