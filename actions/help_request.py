"""A resident asks for a person: put them in the community workers' queue and say honestly what
happens next (how long they may wait; after hours, whom to call and whether a worker should
contact them at opening time). A resident with family helpers is asked first whom to ask: 问家人
puts the request before the helpers instead (`family.asking`), whatever the hour.

The reply carries the request's id as data (`json_message`), so the gateway the resident wrote
through knows where to reach them once a worker claims it.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import catalog_sessions
from actions.guide_flow import GuideState
from actions.guide_resume import offer_to_resume
from actions.privacy_reminder import remind_once
from actions.replies import DomainDict, button, offer
from family import links
from handoff import queue
from handoff.clock import utc_now
from handoff.settings import handoff_settings


def tell_gateway(dispatcher: CollectingDispatcher, request_id: int) -> None:
    """Data for the gateway, not words for the resident: which request this chat belongs to."""
    dispatcher.utter_message(json_message={"handoff": {"request": request_id}})


def _open_request(tracker: Tracker, for_family: bool = False) -> queue.Opened:
    """The resident's help request, about the step of the guide they are on, if any."""
    settings = handoff_settings()
    state = GuideState.from_tracker(tracker)
    reason = next(tracker.get_latest_entity_values("reason"), None)
    return queue.open_request(
        catalog_sessions(tracker),
        sender_id=tracker.sender_id,
        reason=reason if reason in queue.REASONS else "asked",
        service_slug=state.service if state.active else tracker.get_slot("service"),
        step=state.step if state.active else None,
        now=utc_now(),
        hours=settings.opening_hours,
        local=ZoneInfo(settings.timezone),
        for_family=for_family,
    )


def _ask_whom(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
    """问家人 or 问社区工作人员, keeping why they ask (stuck or asked)."""
    reason = next(tracker.get_latest_entity_values("reason"), None)
    why = {"reason": reason} if reason in queue.REASONS else {}
    family = button("问家人", "ask_family", **why)
    workers = button("问社区工作人员", "ask_person", whom="workers", **why)
    return offer(dispatcher, domain, "utter_ask_whom", "whom", choices=[family, workers])


class ActionRequestHelp(Action):
    """Opens a help request (or keeps the one already open); a resident with family helpers is
    asked whom to ask first."""

    def name(self) -> str:
        return "action_request_help"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        whom = next(tracker.get_latest_entity_values("whom"), None)
        if whom != "workers" and links.helpers_of(catalog_sessions(tracker), tracker.sender_id):
            return _ask_whom(dispatcher, tracker, domain)
        settings = handoff_settings()
        opened = _open_request(tracker)
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


class ActionAskFamily(Action):
    """问家人: the request goes to the resident's family helpers."""

    def name(self) -> str:
        return "action_ask_family"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if not links.helpers_of(catalog_sessions(tracker), tracker.sender_id):
            return offer(dispatcher, domain, "utter_family_none", "menu", yes="/add_family")
        opened = _open_request(tracker, for_family=True)
        events = remind_once(dispatcher, tracker)
        tell_gateway(dispatcher, opened.request_id)
        events += offer(dispatcher, domain, "utter_family_waiting", "menu")
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
