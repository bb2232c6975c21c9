"""What a resident's helpers were shown of them (谁看过): the request's step and words, the
resident's messages and photos while helped, a guide's progress. The gateway that showed it
records it; the resident lists the latest. Shares of one kind in a row (within `SAME_RUN`) are
counted on one line, so a talk of twenty messages is one line, not twenty."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import FamilyLink, FamilyShare
from family.links import Link
from handoff.clock import as_utc

KINDS = ("request", "message", "photo", "progress")
SAME_RUN = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Share:
    relation: str
    what: str
    service_slug: str | None
    count: int
    last_at: dt.datetime


def record(
    sessions: sessionmaker[Session],
    link: Link,
    what: str,
    now: dt.datetime,
    service_slug: str | None = None,
) -> None:
    """`link`'s helper was shown `what` (one of `KINDS`) of their resident just now."""
    if what not in KINDS:
        raise ValueError(f"unknown share {what!r}")
    with sessions.begin() as session:
        latest = session.scalars(
            select(FamilyShare)
            .where(FamilyShare.link_id == link.id)
            .order_by(FamilyShare.id.desc())
            .limit(1)
        ).first()
        if (
            latest is not None
            and latest.what == what
            and latest.service_slug == service_slug
            and now - as_utc(latest.last_at) <= SAME_RUN
        ):
            latest.count += 1
            latest.last_at = now
            return
        session.add(
            FamilyShare(
                link_id=link.id,
                resident_sender_id=link.resident_sender_id,
                what=what,
                service_slug=service_slug,
                first_at=now,
                last_at=now,
            )
        )


def latest(sessions: sessionmaker[Session], resident: str, limit: int) -> list[Share]:
    """The resident's latest shares, newest first, also those of helpers removed since."""
    with sessions() as session:
        rows = session.execute(
            select(FamilyShare, FamilyLink.relation)
            .join(FamilyLink, FamilyLink.id == FamilyShare.link_id)
            .where(FamilyShare.resident_sender_id == resident)
            .order_by(FamilyShare.last_at.desc(), FamilyShare.id.desc())
            .limit(limit)
        ).all()
        return [
            Share(relation or "", s.what, s.service_slug, s.count, as_utc(s.last_at))
            for s, relation in rows
        ]
