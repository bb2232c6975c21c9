"""The reminders' figures for a period: notices sent to residents, failed tries (a blocked
resident, one out of the channel's window: tried again later, so a notice may fail more than
once), notices acted on (the resident started that service's guide within 7 days of it), and
notices sent to residents' family helpers (提醒我家人)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from catalog.models import GuideStepReached, Reminder, ReminderNotice
from handoff.clock import as_utc

ACTED_WITHIN = dt.timedelta(days=7)
Starts = dict[tuple[str, str], list[dt.datetime]]  # (resident, service): first steps reached


@dataclass(frozen=True)
class ReminderFigures:
    sent: int = 0
    failed_tries: int = 0
    acted_on: int = 0
    sent_to_family: int = 0


def reminder_figures(
    session: Session, since: dt.datetime, until: dt.datetime, members: Select | None = None
) -> ReminderFigures:
    """The figures of notices sent in [since, until), of the residents `members` selects
    (everyone when None)."""
    sent = select(
        ReminderNotice.sent_at,
        Reminder.sender_id,
        Reminder.service_slug,
        ReminderNotice.family_link_id,
    ).join(Reminder, Reminder.id == ReminderNotice.reminder_id)
    sent = sent.where(ReminderNotice.sent_at >= since, ReminderNotice.sent_at < until)
    failures = select(func.coalesce(func.sum(ReminderNotice.failures), 0)).join(
        Reminder, Reminder.id == ReminderNotice.reminder_id
    )
    failures = failures.where(ReminderNotice.send_after >= since, ReminderNotice.send_after < until)
    if members is not None:
        sent = sent.where(Reminder.sender_id.in_(members))
        failures = failures.where(Reminder.sender_id.in_(members))
    notices = session.execute(sent).all()
    to_residents = [(as_utc(at), who, slug) for at, who, slug, helper in notices if not helper]
    started = _guides_started(session, {sender for _, sender, _ in to_residents})
    acted = sum(
        any(at <= moment < at + ACTED_WITHIN for moment in started.get((sender, slug), ()))
        for at, sender, slug in to_residents
    )
    return ReminderFigures(
        len(to_residents),
        int(session.scalar(failures) or 0),
        acted,
        len(notices) - len(to_residents),
    )


def _guides_started(session: Session, senders: set[str]) -> Starts:
    """When each of `senders` started each service's guide (its first step), in one query."""
    started: Starts = {}
    if not senders:
        return started
    rows = session.execute(
        select(
            GuideStepReached.sender_id,
            GuideStepReached.service_slug,
            GuideStepReached.created_at,
        ).where(GuideStepReached.sender_id.in_(senders), GuideStepReached.step == 1)
    )
    for sender, slug, moment in rows:
        started.setdefault((sender, slug), []).append(as_utc(moment))
    return started
