"""Write what happened with residents: guide outcomes and stuck points.

Community workers read these to see where residents get stuck; each write is one short
transaction.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from catalog.content_schema import TROUBLES
from catalog.models import GuideOutcome, StuckEvent

OUTCOMES = ("done", "not_done", "stopped")


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
