"""Walk a resident through a service one small step at a time, help on the step they are stuck
on, and ask at the end whether it worked; outcomes and stuck points are recorded for workers."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import catalog_sessions
from actions.catalog_index import catalog_service
from actions.find_service import NO_GUIDE_REPLIES, read_request
from actions.guide_flow import GuideState, Move, next_move, start
from actions.privacy_reminder import remind_once
from actions.reminders import offer_reminder
from actions.replies import DomainDict, offer
from actions.step_trouble import selected_trouble, trouble_of
from catalog import records
from catalog.content_schema import TROUBLES
from catalog.models import GuideStep, Service
from privacy.masking import mask_personal_data

Events = list[dict[str, Any]]
UNVERIFIED_NOTED = "unverified_noted"
# A guide that worked closes the conversation's session, with every slot carried into the next
# (Rasa's own session start): each later turn then loads, predicts from and sends the action
# server only what came after, so a resident's long day of questions does not slow every turn.
# A guide that did not work keeps its session: a worker asked for next sees the turns before.
NEW_SESSION = FollowupAction("action_session_start")
# A guide starts when asked for, or when the resident agrees to a family helper's guided start.
STARTS = ("start_guide", "agree_family_guide")


# What a worker following a resident's guide is told of each move (asking whether it worked is
# not news: "finished" came just before).
PROGRESS_EVENTS = {
    Move.SHOW_STEP: "step",
    Move.FIRST_STEP_ALREADY: "step",
    Move.STEP_HELP: "stuck",
    Move.STUCK: "stuck",
    Move.FINISHED: "finished",
    Move.DONE: "done",
    Move.NOT_DONE: "not_done",
    Move.STOPPED: "stopped",
}


class ActionGuide(Action):
    """Starts, advances, repeats, goes back in, helps in, pauses and finishes guides."""

    def name(self) -> str:
        return "action_guide"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        state = GuideState.from_tracker(tracker)
        events = remind_once(dispatcher, tracker)  # first, so the guide's buttons come last
        sessions = catalog_sessions(tracker)
        with sessions() as session:
            if intent in STARTS:
                slug = next(tracker.get_latest_entity_values("service"), None)
                slug = slug or tracker.get_slot("service") or state.service
                service = catalog_service(session, slug) if slug else None
                if service is not None:
                    step = starting_step(tracker, len(service.steps))
                    move, state = start(service.slug, step)
                    report_progress(dispatcher, "started", service, step)
                    records.record_step_reached(
                        sessions, sender_id=tracker.sender_id, service_slug=service.slug, step=step
                    )
                    if step == 1:
                        events += introduce(dispatcher, domain, tracker, service)
                    return events + say_move(dispatcher, domain, move, state, service)
            service = catalog_service(session, state.service) if state.active else None
        if service is None:
            # No guide to help in or start: "手机上的字小得很" may well ask for a service.
            if intent in NO_GUIDE_REPLIES:
                events += read_request(dispatcher, tracker, domain)
            else:
                events += offer(dispatcher, domain, "utter_no_guide", "menu")
            return events + (GuideState().slot_events() if state.active else [])
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
        trouble = stuck_trouble(tracker) if intent == "stuck" else None
        if trouble is not None:
            text = tracker.latest_message.get("text") or ""
            records.record_stuck(
                sessions,
                sender_id=tracker.sender_id,
                service_slug=service.slug,
                step=state.step,
                trouble=trouble,
                text="" if text.startswith("/") else mask_personal_data(text),  # "" for a tap
            )
        if (event := PROGRESS_EVENTS.get(move)) is not None:
            said = tracker.latest_message.get("text") or "" if trouble is not None else ""
            step = after.step if move in (Move.SHOW_STEP, Move.FIRST_STEP_ALREADY) else state.step
            report_progress(dispatcher, event, service, step, said)
            if event == "step" and step > state.step:
                records.record_step_reached(
                    sessions, sender_id=tracker.sender_id, service_slug=service.slug, step=step
                )
        events += say_move(dispatcher, domain, move, after, service, trouble)
        if move is Move.DONE:
            events.append(NEW_SESSION)
        return events


def report_progress(
    dispatcher: CollectingDispatcher, event: str, service: Service, step: int, said: str = ""
) -> None:
    """The guide's state as data with the reply (not shown): a gateway tells a worker guiding
    this resident, without reading the wording of any message."""
    said = "" if said.startswith("/") else mask_personal_data(said)
    progress = {"service": service.slug, "step": step, "total": len(service.steps)}
    dispatcher.utter_message(json_message={"guide": {**progress, "event": event, "said": said}})


def starting_step(tracker: Tracker, total_steps: int) -> int:
    """Step 1, or the `step` a gateway asked to start at (a session resumed where it was)."""
    asked = next(tracker.get_latest_entity_values("step"), None)
    try:
        step = int(asked) if asked is not None else 1
    except (TypeError, ValueError):
        return 1
    return step if 1 <= step <= total_steps else 1


def stuck_trouble(tracker: Tracker) -> str:
    """The trouble a stuck resident has: as read with the offer, or as the model and the
    words tell it."""
    named = next(tracker.get_latest_entity_values("trouble"), None)
    if named in TROUBLES:
        return named
    message = tracker.latest_message
    return trouble_of(message.get("text") or "", selected_trouble(message))


def introduce(
    dispatcher: CollectingDispatcher, domain: DomainDict, tracker: Tracker, service: Service
) -> Events:
    """Before step 1: who it is for, what to have ready, any caution, and (once) a word on
    content that no editor has verified yet."""
    dispatcher.utter_message(response="utter_guide_eligibility", eligibility=service.eligibility)
    dispatcher.utter_message(response="utter_guide_prepare", materials="、".join(service.materials))
    if service.caution:
        dispatcher.utter_message(response="utter_guide_caution", caution=service.caution)
    if service.last_verified is None and not tracker.get_slot(UNVERIFIED_NOTED):
        dispatcher.utter_message(response="utter_guide_unverified")
        return [SlotSet(UNVERIFIED_NOTED, True)]
    return []


def say_move(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    move: Move,
    state: GuideState,
    service: Service,
    trouble: str | None = None,
) -> Events:
    """The messages for one move of the guide; returns the guide slots and the offer made."""
    events = state.slot_events()
    if move is Move.FIRST_STEP_ALREADY:
        dispatcher.utter_message(response="utter_guide_first_step")
    if move in (Move.SHOW_STEP, Move.FIRST_STEP_ALREADY):
        step = service.steps[state.step - 1]
        return events + offer(
            dispatcher,
            domain,
            "utter_guide_step",
            "step",
            yes="/next_step",
            step=step.position,
            total=len(service.steps),
            instruction=step.text,
        )
    if move is Move.STEP_HELP:
        return events + help_on_step(dispatcher, domain, service.steps[state.step - 1], trouble)
    if move is Move.FINISHED:
        dispatcher.utter_message(response="utter_guide_recap", recap=service.recap)
        dispatcher.utter_message(
            response="utter_guide_hotline", hotline=service.hotline, name=service.hotline_name
        )
    if move in (Move.FINISHED, Move.ASK_OUTCOME):
        return events + offer(
            dispatcher,
            domain,
            "utter_ask_outcome",
            "outcome",
            yes="/outcome_done",
            no="/outcome_not_done",
            service_name=service.name,
        )
    if move is Move.DONE and service.recurs:
        return events + offer_reminder(dispatcher, domain, service)
    response, yes, no = {
        Move.DONE: ("utter_outcome_done", None, None),
        Move.NOT_DONE: ("utter_outcome_not_done", "/ask_person", None),
        Move.STOPPED: ("utter_stopped", None, None),
        Move.STUCK: ("utter_guide_stuck", '/ask_person{"reason":"stuck"}', "/resume_guide"),
    }[move]
    return events + offer(dispatcher, domain, response, "after_guide", yes=yes, no=no)


def help_on_step(
    dispatcher: CollectingDispatcher, domain: DomainDict, step: GuideStep, trouble: str | None
) -> Events:
    """The step's own help for this trouble, else the general help for it, else the step's
    plainer telling, else the general plain help."""
    trouble = trouble or "plain"
    text = step.help.get(trouble)
    if text is None and trouble != "plain":
        return offer(dispatcher, domain, f"utter_stuck/{trouble}", "step", yes="/next_step")
    text = text or step.help.get("plain")
    if text is None:
        return offer(dispatcher, domain, "utter_stuck/plain", "step", yes="/next_step")
    return offer(dispatcher, domain, "utter_step_help", "step", yes="/next_step", help=text)
