"""Walk a resident through a service one small step at a time, and ask at the end whether it
worked; stuck residents and their answers are recorded for community workers."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import catalog_sessions
from actions.guide_flow import ON_STEP, PAUSED, GuideState, Move, next_move, start
from actions.replies import DomainDict
from catalog import queries, records
from catalog.models import Service

Events = list[dict[str, Any]]


class ActionGuide(Action):
    """Starts, advances, repeats, goes back in, pauses and finishes guides."""

    def name(self) -> str:
        return "action_guide"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        state = GuideState.from_tracker(tracker)
        sessions = catalog_sessions()
        with sessions() as session:
            if intent == "start_guide":
                slug = next(tracker.get_latest_entity_values("service"), None)
                slug = slug or tracker.get_slot("service") or state.service
                service = queries.service_by_slug(session, slug) if slug else None
                if service is not None:
                    move, state = start(service.slug)
                    return say_move(dispatcher, move, state, service) + state.slot_events()
            service = queries.service_by_slug(session, state.service) if state.active else None
        if service is None:
            dispatcher.utter_message(response="utter_no_guide")
            return GuideState().slot_events() if state.active else []
        move, after = next_move(state, intent, len(service.steps))
        if move in (Move.DONE, Move.NOT_DONE, Move.STOPPED):
            records.record_outcome(
                sessions,
                sender_id=tracker.sender_id,
                service_slug=service.slug,
                step_reached=state.step,
                total_steps=len(service.steps),
                outcome=move.value,
            )
        elif move is Move.STUCK:
            records.record_help_request(
                sessions,
                sender_id=tracker.sender_id,
                reason="stuck",
                service_slug=service.slug,
                step=state.step,
            )
        return say_move(dispatcher, move, after, service) + after.slot_events()


def say_move(
    dispatcher: CollectingDispatcher, move: Move, state: GuideState, service: Service
) -> Events:
    """The messages for one move of the guide."""
    if move is Move.FIRST_STEP_ALREADY:
        dispatcher.utter_message(response="utter_guide_first_step")
    if move in (Move.SHOW_STEP, Move.FIRST_STEP_ALREADY):
        step = service.steps[state.step - 1]
        dispatcher.utter_message(
            response="utter_guide_step",
            step=step.position,
            total=len(service.steps),
            instruction=step.text,
        )
    elif move is Move.FINISHED:
        dispatcher.utter_message(
            response="utter_guide_recap_materials", materials="、".join(service.materials)
        )
        dispatcher.utter_message(response="utter_guide_recap_place", offline=service.offline)
        dispatcher.utter_message(response="utter_guide_recap_hotline", hotline=service.hotline)
    if move in (Move.FINISHED, Move.ASK_OUTCOME):
        dispatcher.utter_message(response="utter_ask_outcome", service_name=service.name)
    elif move is Move.DONE:
        dispatcher.utter_message(response="utter_outcome_done")
    elif move is Move.NOT_DONE:
        dispatcher.utter_message(response="utter_outcome_not_done")
    elif move is Move.STOPPED:
        dispatcher.utter_message(response="utter_stopped")
    elif move is Move.STUCK:
        dispatcher.utter_message(response="utter_guide_stuck")
    return []


def offer_to_resume(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
    """After an interruption, offer to go on where the guide was ("刚才说到第3步…")."""
    state = GuideState.from_tracker(tracker)
    if not state.active or state.phase not in (ON_STEP, PAUSED):
        return []
    with catalog_sessions()() as session:
        service = queries.service_by_slug(session, state.service)
    if service is None:
        return []
    dispatcher.utter_message(
        response="utter_offer_resume", service_name=service.name, step=state.step
    )
    return GuideState(state.service, state.step, state.stuck, PAUSED).slot_events()
