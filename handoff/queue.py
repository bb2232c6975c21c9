"""The queue of help requests: pending until a worker claims one, assigned while the worker
talks with the resident, then resolved; a pending request nobody claimed in time expires.

Every change of state is one conditional UPDATE, so two workers (or two gateways) acting at the
same moment can never both win: exactly one claim of a request succeeds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import (
    HelpRequest,
    RelayChat,
    StaffMember,
)
from catalog.models.handoffs import OUTCOMES
from handoff.clock import as_utc
from handoff.hours import OpeningHours

REASONS = ("asked", "stuck")
OPEN = ("pending", "assigned")


@dataclass(frozen=True)
class Chat:
    """Where the gateway of `channel` reaches the resident of an open request: a chat, or a
    person (`recipient`) on a channel that addresses people."""

    channel: str
    chat_id: int | None = None
    recipient: str | None = None


@dataclass(frozen=True)
class Request:
    """A help request as workers and gateways see it."""

    id: int
    sender_id: str
    reason: str
    service_slug: str | None
    step: int | None
    status: str
    created_at: dt.datetime
    worker_id: int | None = None
    worker_name: str | None = None
    chat: Chat | None = None
    for_family: bool = False  # asked of the resident's family helpers, not of the workers
    family_link_id: int | None = None  # the family helper who took it


@dataclass(frozen=True)
class Opened:
    """A request just made: `answered_now` when workers are at work, else when they will be."""

    request_id: int
    answered_now: bool
    next_opening: dt.datetime


class ClaimRefusal(Enum):
    TAKEN = "taken"  # another worker was quicker
    CLOSED = "closed"  # resolved or expired before the tap
    BUSY = "busy"  # the worker is still with another resident


def open_request(
    sessions: sessionmaker[Session],
    *,
    sender_id: str,
    reason: str,
    service_slug: str | None,
    step: int | None,
    now: dt.datetime,
    hours: OpeningHours,
    local: dt.tzinfo,
    for_family: bool = False,
) -> Opened:
    """Record that a resident needs a person. Within opening hours the request waits for a
    worker; outside them it is closed at once, unless the resident agrees to be contacted at
    opening time (`agree_to_callback`). A request `for_family` waits for the resident's family
    helpers whatever the hour (`family.asking`). A resident with a request still open keeps
    that one."""
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    local_now = now.astimezone(local)
    answered_now = for_family or hours.is_open(local_now)
    next_opening = hours.next_opening(local_now)
    with sessions.begin() as session:
        existing = session.scalars(
            select(HelpRequest).where(
                HelpRequest.sender_id == sender_id, HelpRequest.status.in_(OPEN)
            )
        ).first()
        if existing is not None:
            return Opened(existing.id, True, next_opening)
        request = HelpRequest(
            sender_id=sender_id,
            reason=reason,
            service_slug=service_slug,
            step=step,
            created_at=now,
            status="pending" if answered_now else "expired",
            closed_at=None if answered_now else now,
            closed_by=None if answered_now else "hours",
            for_family=for_family,
        )
        session.add(request)
        session.flush()
        return Opened(request.id, answered_now, next_opening)


def agree_to_callback(
    sessions: sessionmaker[Session], request_id: int, sender_id: str, not_before: dt.datetime
) -> bool:
    """The resident asked after hours agrees to be contacted at `not_before` (opening time)."""
    with sessions.begin() as session:
        return bool(
            session.execute(
                update(HelpRequest)
                .where(
                    HelpRequest.id == request_id,
                    HelpRequest.sender_id == sender_id,
                    HelpRequest.closed_by == "hours",
                )
                .values(
                    status="pending", not_before=as_utc(not_before), closed_at=None, closed_by=None
                )
            ).rowcount
        )


def latest_after_hours(sessions: sessionmaker[Session], sender_id: str) -> int | None:
    """The resident's latest request closed for being outside hours (to agree to a callback)."""
    with sessions() as session:
        return session.scalars(
            select(HelpRequest.id)
            .where(HelpRequest.sender_id == sender_id, HelpRequest.closed_by == "hours")
            .order_by(HelpRequest.id.desc())
        ).first()


def register_chat(sessions: sessionmaker[Session], request_id: int, chat: Chat) -> None:
    """Remember where the resident of an open request is reached (kept until it closes)."""
    with sessions.begin() as session:
        request = session.get(HelpRequest, request_id)
        if request is None or request.status not in OPEN:
            return
        session.merge(
            RelayChat(
                request_id=request_id,
                channel=chat.channel,
                chat_id=chat.chat_id,
                recipient=chat.recipient,
            )
        )


def due_for_announcement(
    sessions: sessionmaker[Session], now: dt.datetime, every: dt.timedelta
) -> list[Request]:
    """Pending requests whose resident can be reached and that nobody announced within `every`,
    each marked as announced now by this call only (another gateway gets none of them)."""
    with sessions.begin() as session:
        candidates = session.scalars(
            select(HelpRequest.id)
            .join(RelayChat, RelayChat.request_id == HelpRequest.id)
            .where(
                HelpRequest.status == "pending",
                HelpRequest.for_family.is_(False),
                or_(HelpRequest.not_before.is_(None), HelpRequest.not_before <= now),
                or_(HelpRequest.announced_at.is_(None), HelpRequest.announced_at <= now - every),
            )
            .order_by(HelpRequest.id)
        ).all()
    due = []
    for request_id in candidates:
        with sessions.begin() as session:
            marked = session.execute(
                update(HelpRequest)
                .where(
                    HelpRequest.id == request_id,
                    HelpRequest.status == "pending",
                    or_(
                        HelpRequest.announced_at.is_(None),
                        HelpRequest.announced_at <= now - every,
                    ),
                )
                .values(announced_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
        if marked and (request := get(sessions, request_id)):
            due.append(request)
    return due


def expire_due(
    sessions: sessionmaker[Session],
    now: dt.datetime,
    wait: dt.timedelta,
    hours: OpeningHours,
    local: dt.tzinfo,
) -> list[Request]:
    """Expire pending requests nobody claimed within `wait` of becoming answerable, and those
    still waiting when the opening hours end; returns them with the chat to tell."""
    is_open = hours.is_open(now.astimezone(local))
    with sessions() as session:
        pending = session.scalars(
            select(HelpRequest).where(
                HelpRequest.status == "pending", HelpRequest.for_family.is_(False)
            )
        ).all()
    expired = []
    for request in pending:
        start = max(as_utc(request.created_at), as_utc(request.not_before or request.created_at))
        if start > now or (is_open and now - start < wait):
            continue
        closed = _close(sessions, request.id, ("pending",), now, closed_by="expiry")
        if closed is not None:
            expired.append(closed)
    return expired


def claim(
    sessions: sessionmaker[Session], request_id: int, worker_id: int, now: dt.datetime
) -> Request | ClaimRefusal:
    """Make `worker_id` the one owner of a pending request."""
    if active_for_worker(sessions, worker_id) is not None:
        return ClaimRefusal.BUSY
    claimed = change_if(
        sessions,
        request_id,
        (HelpRequest.status == "pending", HelpRequest.for_family.is_(False)),
        status="assigned",
        worker_id=worker_id,
        claimed_at=now,
    )
    if claimed is not None:
        return claimed
    request = get(sessions, request_id)
    if request is not None and request.status == "assigned":
        return ClaimRefusal.TAKEN
    return ClaimRefusal.CLOSED


def change_if(
    sessions: sessionmaker[Session],
    request_id: int,
    conditions: tuple[ColumnElement[bool], ...],
    **values: object,
) -> Request | None:
    """Set `values` on the request while it still meets `conditions`, in one atomic update (of
    several gateways or workers at once, one wins); the request after, or None for the others."""
    with sessions.begin() as session:
        changed = session.execute(
            update(HelpRequest)
            .where(HelpRequest.id == request_id, *conditions)
            .values(**values)
            .execution_options(synchronize_session=False)
        ).rowcount
    return get(sessions, request_id) if changed else None


def resolve(
    sessions: sessionmaker[Session],
    request_id: int,
    now: dt.datetime,
    *,
    closed_by: str,
    outcome: str | None = None,
) -> Request | None:
    """Hand an assigned request back to the assistant; None if it was no longer assigned."""
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    return _close(sessions, request_id, ("assigned",), now, closed_by=closed_by, outcome=outcome)


def expire(sessions: sessionmaker[Session], request_id: int, now: dt.datetime) -> Request | None:
    """Close a pending request nobody took in time; None if it was no longer pending."""
    return _close(sessions, request_id, ("pending",), now, closed_by="expiry")


def get(sessions: sessionmaker[Session], request_id: int) -> Request | None:
    with sessions() as session:
        request = session.get(HelpRequest, request_id)
        return view(session, request) if request else None


def active_for_resident(sessions: sessionmaker[Session], sender_id: str) -> Request | None:
    """The resident's request a worker owns now, if any."""
    return _first(sessions, HelpRequest.sender_id == sender_id)


def active_for_worker(sessions: sessionmaker[Session], worker_id: int) -> Request | None:
    """The request the worker owns now, if any."""
    return _first(sessions, HelpRequest.worker_id == worker_id)


def waiting(sessions: sessionmaker[Session]) -> list[Request]:
    """Pending requests whose resident can be reached, oldest first."""
    with sessions() as session:
        requests = session.scalars(
            select(HelpRequest)
            .join(RelayChat, RelayChat.request_id == HelpRequest.id)
            .where(HelpRequest.status == "pending", HelpRequest.for_family.is_(False))
            .order_by(HelpRequest.id)
        ).all()
        return [view(session, request) for request in requests]


def _first(sessions: sessionmaker[Session], condition) -> Request | None:
    with sessions() as session:
        request = session.scalars(
            select(HelpRequest).where(condition, HelpRequest.status == "assigned")
        ).first()
        return view(session, request) if request else None


def _close(
    sessions: sessionmaker[Session],
    request_id: int,
    from_statuses: tuple[str, ...],
    now: dt.datetime,
    *,
    closed_by: str,
    outcome: str | None = None,
) -> Request | None:
    """Close an open request once (conditional on its status); its chat is forgotten here and
    returned to the caller, which needs it one last time to tell the resident."""
    status = "expired" if closed_by == "expiry" else "resolved"
    with sessions.begin() as session:
        request = session.get(HelpRequest, request_id)
        if request is None:
            return None
        before = view(session, request)
        closed = session.execute(
            update(HelpRequest)
            .where(HelpRequest.id == request_id, HelpRequest.status.in_(from_statuses))
            .values(status=status, closed_at=now, closed_by=closed_by, outcome=outcome)
        ).rowcount
        if not closed:
            return None
        session.execute(delete(RelayChat).where(RelayChat.request_id == request_id))
        return Request(**{**before.__dict__, "status": status})


def view(session: Session, request: HelpRequest) -> Request:
    """A stored request as workers and gateways see it."""
    worker = session.get(StaffMember, request.worker_id) if request.worker_id else None
    relay = session.get(RelayChat, request.id)
    return Request(
        id=request.id,
        sender_id=request.sender_id,
        reason=request.reason,
        service_slug=request.service_slug,
        step=request.step,
        status=request.status,
        created_at=as_utc(request.created_at),
        worker_id=request.worker_id,
        worker_name=worker.display_name if worker else None,
        chat=Chat(relay.channel, relay.chat_id, relay.recipient) if relay else None,
        for_family=request.for_family,
        family_link_id=request.family_link_id,
    )
