"""Note the updates a channel delivered (`catalog.models.ReceivedUpdate`), so that an update
delivered to two gateway instances (a balancer's or Telegram's retry) is handled by one only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import ReceivedUpdate


def first_delivery(
    sessions: sessionmaker[Session], channel: str, update_id: int, now: dt.datetime
) -> bool:
    """Note `update_id` of `channel`; False if it was noted before (by any instance)."""
    try:
        with sessions.begin() as session:
            session.add(ReceivedUpdate(channel=channel, update_id=update_id, received_at=now))
    except IntegrityError:
        return False
    return True


def forget_before(sessions: sessionmaker[Session], before: dt.datetime) -> int:
    """Drop the notes of updates received before `before`; returns how many."""
    with sessions.begin() as session:
        result = session.execute(delete(ReceivedUpdate).where(ReceivedUpdate.received_at < before))
        return result.rowcount or 0
