"""Offer to go on with a guide that something else interrupted ("刚才说到第3步，要继续吗？")."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import catalog_sessions
from actions.catalog_index import catalog_service
from actions.guide_flow import ON_STEP, PAUSED, GuideState
from actions.replies import DomainDict, offer

Events = list[dict[str, Any]]


def offer_to_resume(
    dispatcher: CollectingDispatcher, domain: DomainDict, tracker: Tracker
) -> Events:
    """After an interruption, offer to go on where the guide was ("刚才说到第3步…")."""
    state = GuideState.from_tracker(tracker)
    if not state.active or state.phase not in (ON_STEP, PAUSED):
        return []
    with catalog_sessions(tracker)() as session:
        service = catalog_service(session, state.service)
    if service is None:
        return []
    paused = GuideState(state.service, state.step, state.stuck, PAUSED)
    return paused.slot_events() + offer(
        dispatcher,
        domain,
        "utter_offer_resume",
        "resume",
        yes="/resume_guide",
        no="/stop",
        service_name=service.name,
        step=state.step,
    )
