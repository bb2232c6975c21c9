"""A stuck resident asks their family helpers instead of the community workers: a help request
`for_family` (`handoff.queue`), shown once to each linked helper, taken by the first who answers,
passed on to the workers by a helper, or offered to the workers when no helper answered in time
(`FAMILY_WAIT_MINUTES`, 10 by default).

While a helper has it, the request is assigned as to a worker (the assistant is paused and the
gateways relay between the two), but only while the helper is still linked: removing them ends
their access at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import FamilyLink, HelpRequest, RelayChat
from family import links
from family.links import Link
from handoff import queue
from handoff.clock import as_utc
from handoff.queue import Request


@dataclass(frozen=True)
class Asked:
    """A request for the family and the helpers to show it to."""

    request: Request
    helpers: list[Link]


def due_for_helpers(sessions: sessionmaker[Session], now: dt.datetime) -> list[Asked]:
    """Requests for the family whose resident can be reached and not yet shown to the helpers,
    each marked shown by this call only (another gateway gets none of them)."""
    with sessions() as session:
        # Only once the resident's gateway has noted their chat: a request marked shown before
        # that would never be shown (the action opens it before the gateway hears of it).
        candidates = session.scalars(
            select(HelpRequest.id)
            .join(RelayChat, RelayChat.request_id == HelpRequest.id)
            .where(
                HelpRequest.for_family.is_(True),
                HelpRequest.status == "pending",
                HelpRequest.announced_at.is_(None),
            )
        ).all()
    due = []
    for request_id in candidates:
        unshown = (HelpRequest.announced_at.is_(None),)
        request = queue.change_if(sessions, request_id, unshown, announced_at=now)
        if request is not None and request.chat is not None:
            due.append(Asked(request, links.helpers_of(sessions, request.sender_id)))
    return due


def take(
    sessions: sessionmaker[Session], request_id: int, helper_sender: str, now: dt.datetime
) -> tuple[Request, Link] | None:
    """The helper answers: they own the request now. None when another helper was quicker, it
    is over, or they are not (any longer) this resident's helper."""
    request = queue.get(sessions, request_id)
    link = _link_of(sessions, request, helper_sender) if request else None
    if request is None or link is None:
        return None
    taken = queue.change_if(
        sessions,
        request_id,
        (HelpRequest.status == "pending", HelpRequest.for_family.is_(True)),
        status="assigned",
        family_link_id=link.id,
        claimed_at=now,
    )
    return (taken, link) if taken else None


def active_for_helper(
    sessions: sessionmaker[Session], helper_sender: str
) -> tuple[Request, Link] | None:
    """The request this helper talks with a resident about now, while they are linked."""
    with sessions() as session:
        request_id = session.scalar(
            select(HelpRequest.id)
            .join(FamilyLink, FamilyLink.id == HelpRequest.family_link_id)
            .where(
                HelpRequest.status == "assigned",
                FamilyLink.helper_sender_id == helper_sender,
                FamilyLink.status == "linked",
            )
        )
    request = queue.get(sessions, request_id) if request_id else None
    link = _link_of(sessions, request, helper_sender) if request else None
    return (request, link) if request and link else None


def pass_to_workers(
    sessions: sessionmaker[Session], request_id: int, helper_sender: str, now: dt.datetime
) -> tuple[Request, Link] | None:
    """The helper passes it on: the request waits for the community workers from now on."""
    request = queue.get(sessions, request_id)
    link = _link_of(sessions, request, helper_sender) if request else None
    if request is None or link is None:
        return None
    passed = queue.change_if(
        sessions,
        request_id,
        (HelpRequest.for_family.is_(True), HelpRequest.status.in_(queue.OPEN)),
        for_family=False,
        status="pending",
        family_link_id=None,
        claimed_at=None,
        announced_at=None,
        not_before=now,  # the workers' wait starts now
    )
    return (passed, link) if passed else None


def helper_of(sessions: sessionmaker[Session], request: Request) -> Link | None:
    """The family helper who took `request`, while they are still linked."""
    if request.family_link_id is None:
        return None
    helpers = links.helpers_of(sessions, request.sender_id)
    return next((link for link in helpers if link.id == request.family_link_id), None)


def unanswered(
    sessions: sessionmaker[Session], now: dt.datetime, wait: dt.timedelta
) -> list[Request]:
    """Requests no helper took within `wait`, closed (once), with the chat to offer the
    resident the workers."""
    with sessions() as session:
        waiting = session.scalars(
            select(HelpRequest).where(
                HelpRequest.for_family.is_(True), HelpRequest.status == "pending"
            )
        ).all()
        late = [r.id for r in waiting if now - as_utc(r.created_at) >= wait]
    return [closed for request_id in late if (closed := queue.expire(sessions, request_id, now))]


def _link_of(sessions: sessionmaker[Session], request: Request, helper_sender: str) -> Link | None:
    return next(
        (
            link
            for link in links.helpers_of(sessions, request.sender_id)
            if link.helper_sender_id == helper_sender
        ),
        None,
    )
