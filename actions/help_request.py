"""A resident asks for a person: put them in the community workers' queue and say honestly what
happens next (how long they may wait; after hours, whom to call and whether a worker should
contact them at opening time).

The reply carries the request's id as data (`json_message`), so the gateway the resident wrote
through knows where to reach them once a worker claims it.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import catalog_sessions
from actions.guide import offer_to_resume
from actions.guide_flow import GuideState
from actions.privacy_reminder import remind_once
from actions.replies import DomainDict, offer
from handoff import queue
from handoff.clock import utc_now
from handoff.settings import handoff_settings


def tell_gateway(dispatcher: CollectingDispatcher, request_id: int) -> None:
    """Data for the gateway, not words for the resident: which request this chat belongs to."""
    dispatcher.utter_message(json_message={"handoff": {"request": request_id}})


class ActionRequestHelp(Action):
    """Opens a help request (or keeps the one already open)."""

    def name(self) -> str:
        return "action_request_help"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        settings = handoff_settings()
        state = GuideState.from_tracker(tracker)
        reason = next(tracker.get_latest_entity_values("reason"), None)
        opened = queue.open_request(
            catalog_sessions(tracker),
            sender_id=tracker.sender_id,
            reason=reason if reason in queue.REASONS else "asked",
            service_slug=state.service if state.active else tracker.get_slot("service"),
            step=state.step if state.active else None,
            now=utc_now(),
            hours=settings.opening_hours,
            local=ZoneInfo(settings.timezone),
        )
        events = remind_once(dispatcher, tracker)  # first, so the reply's buttons come last
        if not opened.answered_now:
            dispatcher.utter_message(
                response="utter_handoff_after_hours",
                hours=settings.opening_hours.in_chinese(),
            )
            return events + offer(
                dispatcher, domain, "utter_offer_callback", "callback", yes="/agree_callback"
            )
        tell_gateway(dispatcher, opened.request_id)
        events += offer(
            dispatcher,
            domain,
            "utter_handoff_waiting",
            "menu",
            minutes=f"{settings.wait_minutes:g}",
        )
        return events + offer_to_resume(dispatcher, domain, tracker)


class ActionAgreeCallback(Action):
    """After hours, the resident agreed that a worker contacts them at opening time."""

    def name(self) -> str:
        return "action_agree_callback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        settings = handoff_settings()
        local = ZoneInfo(settings.timezone)
        request_id = queue.latest_after_hours(catalog_sessions(tracker), tracker.sender_id)
        opening = settings.opening_hours.next_opening(utc_now().astimezone(local))
        if request_id is None or not queue.agree_to_callback(
            catalog_sessions(tracker), request_id, tracker.sender_id, opening
        ):
            return offer(dispatcher, domain, "utter_help_recorded", "menu")
        tell_gateway(dispatcher, request_id)
        return offer(
            dispatcher,
            domain,
            "utter_callback_agreed",
            "menu",
            when=f"{opening.month}月{opening.day}日{opening.hour}:{opening:%M}",
        )
