"""Write what happened with residents: services asked for, messages not answered, guide steps
reached, outcomes and stuck points (what the needs-feedback reports are computed from).

Community workers read these to see where residents get stuck; each write is one short
transaction.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from catalog.content_schema import TROUBLES
from catalog.models import (
    GuideOutcome,
    GuideStepReached,
    ServiceRequest,
    StuckEvent,
    UnansweredMessage,
)

OUTCOMES = ("done", "not_done", "stopped")
FOUND_BY = ("model", "catalog", "choice", "faq")


def record_outcome(
    sessions: sessionmaker[Session],
    *,
    sender_id: str,
    service_slug: str,
    step_reached: int,
    total_steps: int,
    outcome: str,
) -> None:
    """Store a resident's answer to "办成了吗？" (or that they stopped the guide)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    with sessions.begin() as session:
        session.add(
            GuideOutcome(
                sender_id=sender_id,
                service_slug=service_slug,
                step_reached=step_reached,
                total_steps=total_steps,
                outcome=outcome,
            )
        )


def record_stuck(
    sessions: sessionmaker[Session],
    *,
    sender_id: str,
    service_slug: str,
    step: int,
    trouble: str,
    text: str,
) -> None:
    """Store that a resident was stuck on a step, with what they typed (already masked)."""
    if trouble not in TROUBLES:
        raise ValueError(f"unknown trouble {trouble!r}")
    with sessions.begin() as session:
        session.add(
            StuckEvent(
                sender_id=sender_id,
                service_slug=service_slug,
                step=step,
                trouble=trouble,
                text=text,
            )
        )


def record_service_request(
    sessions: sessionmaker[Session], *, sender_id: str, service_slug: str, found_by: str
) -> None:
    """Store that a resident was told about a service, and how it was found."""
    if found_by not in FOUND_BY:
        raise ValueError(f"unknown way of finding {found_by!r}")
    with sessions.begin() as session:
        session.add(
            ServiceRequest(sender_id=sender_id, service_slug=service_slug, found_by=found_by)
        )


def record_unanswered(sessions: sessionmaker[Session], *, sender_id: str, text: str) -> None:
    """Store a message the assistant could not answer (already masked)."""
    with sessions.begin() as session:
        session.add(UnansweredMessage(sender_id=sender_id, text=text))


def record_step_reached(
    sessions: sessionmaker[Session], *, sender_id: str, service_slug: str, step: int
) -> None:
    """Store that a resident reached a step of a guide."""
    with sessions.begin() as session:
        session.add(GuideStepReached(sender_id=sender_id, service_slug=service_slug, step=step))
