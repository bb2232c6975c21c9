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
    to_residents = [(at, sender, slug) for at, sender, slug, helper in notices if helper is None]
    acted = sum(_guide_started(session, *notice) for notice in to_residents)
    return ReminderFigures(
        len(to_residents),
        int(session.scalar(failures) or 0),
        acted,
        len(notices) - len(to_residents),
    )


def _guide_started(session: Session, sent_at: dt.datetime, sender_id: str, slug: str) -> bool:
    sent_at = as_utc(sent_at)
    return (
        session.scalar(
            select(GuideStepReached.id).where(
                GuideStepReached.sender_id == sender_id,
                GuideStepReached.service_slug == slug,
                GuideStepReached.step == 1,
                GuideStepReached.created_at >= sent_at,
                GuideStepReached.created_at < sent_at + ACTED_WITHIN,
            )
        )
        is not None
    )
