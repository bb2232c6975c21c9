"""A family helper guides their resident through one service on the resident's own phone
("教妈妈交电费"), the way a worker's guided session does, with the resident's consent each time.

asking (the resident is asked) → active (they agreed; the guide runs and its progress goes to
the helper) → ended (done, not done or stopped); or declined. A newer guide replaces an open
one; a helper who is removed or leaves sees no more progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import FamilyGuide, FamilyLink
from family import links
from family.links import Link

OPEN = ("asking", "active")
ENDING = ("done", "not_done", "stopped")  # a guide's progress events that end it


@dataclass(frozen=True)
class Guide:
    id: int
    link: Link
    service_slug: str
    status: str
    step_reached: int


def propose(
    sessions: sessionmaker[Session],
    link_id: int,
    helper_sender: str,
    service_slug: str,
    now: dt.datetime,
) -> Guide | None:
    """The helper asks to guide their resident through `service_slug`; None when they are not
    (any longer) that resident's helper."""
    link = next((h for h in links.helping(sessions, helper_sender) if h.id == link_id), None)
    if link is None:
        return None
    with sessions.begin() as session:
        session.execute(
            update(FamilyGuide)
            .where(
                FamilyGuide.resident_sender_id == link.resident_sender_id,
                FamilyGuide.status.in_(OPEN),
            )
            .values(status="ended", ended_at=now)
        )
        guide = FamilyGuide(
            link_id=link.id,
            resident_sender_id=link.resident_sender_id,
            service_slug=service_slug,
            created_at=now,
        )
        session.add(guide)
        session.flush()
        return _guide(guide, link)


def proposed(sessions: sessionmaker[Session], guide_id: int, helper_sender: str) -> Guide | None:
    """The helper's guide, while its resident has not answered and the helper is linked."""
    return _find(sessions, guide_id, ("asking",), FamilyLink.helper_sender_id == helper_sender)


def asking(sessions: sessionmaker[Session], guide_id: int, resident: str) -> Guide | None:
    """The guide whose question the resident is to answer, while its helper is linked."""
    return _find(sessions, guide_id, ("asking",), FamilyGuide.resident_sender_id == resident)


def of_resident(sessions: sessionmaker[Session], guide_id: int, resident: str) -> Guide | None:
    """The resident's guide, whatever its state, while its helper is linked."""
    return _find(
        sessions, guide_id, (*OPEN, "declined", "ended"), FamilyGuide.resident_sender_id == resident
    )


def answer(
    sessions: sessionmaker[Session], guide_id: int, resident: str, agreed: bool, now: dt.datetime
) -> Guide | None:
    """The resident's yes (the guide runs) or no; None when there was no such question."""
    found = asking(sessions, guide_id, resident)
    if found is None:
        return None
    with sessions.begin() as session:
        guide = session.get(FamilyGuide, found.id)
        guide.status = "active" if agreed else "declined"
        guide.answered_at = now
        if not agreed:
            guide.ended_at = now
        return _guide(guide, found.link)


def record(
    sessions: sessionmaker[Session],
    resident: str,
    service_slug: str,
    step: int,
    event: str,
    now: dt.datetime,
) -> Guide | None:
    """The resident's guide moved (a step, stuck, done…): their active family guide of that
    service, updated (ended by `ENDING` events); None when there is none to tell a helper of."""
    with sessions() as session:
        guide_id = session.scalar(
            select(FamilyGuide.id)
            .where(
                FamilyGuide.resident_sender_id == resident,
                FamilyGuide.service_slug == service_slug,
                FamilyGuide.status == "active",
            )
            .order_by(FamilyGuide.id.desc())
        )
    found = _find(sessions, guide_id, ("active",)) if guide_id else None
    if found is None:
        return None
    with sessions.begin() as session:
        guide = session.get(FamilyGuide, found.id)
        guide.step_reached = max(guide.step_reached, step)
        if event in ENDING:
            guide.status, guide.ended_at = "ended", now
        return _guide(guide, found.link)


def _find(
    sessions: sessionmaker[Session], guide_id: int, statuses: tuple[str, ...], *conditions
) -> Guide | None:
    with sessions() as session:
        found = session.execute(
            select(FamilyGuide, FamilyLink)
            .join(FamilyLink, FamilyLink.id == FamilyGuide.link_id)
            .where(
                FamilyGuide.id == guide_id,
                FamilyGuide.status.in_(statuses),
                FamilyLink.status == "linked",
                *conditions,
            )
        ).one_or_none()
        return _guide(found[0], links.view(found[1])) if found else None


def _guide(guide: FamilyGuide, link: Link) -> Guide:
    return Guide(guide.id, link, guide.service_slug, guide.status, guide.step_reached)
