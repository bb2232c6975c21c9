"""Find what a resident asks about: name the service with its exact catalog name, answer an
FAQ, offer a few choices when unsure, or say plainly that nothing fits."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.catalog_access import catalog_sessions
from actions.catalog_index import catalog_index
from actions.guide import offer_to_resume
from actions.replies import DomainDict, button, utter_with_choices
from actions.request_interpretation import Interpretation, interpret
from actions.service_matching import Verdict
from catalog import queries
from catalog.models import Service


class ActionFindService(Action):
    """Answers a message about services; mid-guide it offers to continue afterwards."""

    def name(self) -> str:
        return "action_find_service"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message
        with catalog_sessions()() as session:
            chosen = next(tracker.get_latest_entity_values("service"), None)
            service = queries.service_by_slug(session, chosen) if chosen else None
            if service is not None:
                events = present_service(dispatcher, service)
            else:
                reading = interpret(
                    message.get("text") or "",
                    message.get("intent_ranking") or [],
                    catalog_index(session),
                )
                events = answer(dispatcher, domain, session, reading, message)
        return events + offer_to_resume(dispatcher, tracker)


def answer(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    session: Session,
    reading: Interpretation,
    message: dict[str, Any],
) -> list[dict[str, Any]]:
    """Reply to one interpreted message."""
    service = (
        queries.service_by_slug(session, reading.service_slug) if reading.service_slug else None
    )
    if reading.faq and service is not None:
        dispatcher.utter_message(
            response="utter_service_faq", service_name=service.name, answer=reading.faq.entry.answer
        )
        return [SlotSet("service", service.slug)]
    if reading.faq:
        dispatcher.utter_message(response="utter_general_faq", answer=reading.faq.entry.answer)
        return []
    if service is not None:
        return present_service(dispatcher, service)
    candidates = reading.match.candidates
    if reading.match.verdict is Verdict.UNSURE:
        choices = [button(c.name, "choose_service", service=c.slug) for c in candidates]
        if len(choices) == 1:
            utter_with_choices(
                dispatcher,
                domain,
                "utter_confirm_service",
                choices,
                service_name=candidates[0].name,
            )
        else:
            utter_with_choices(dispatcher, domain, "utter_which_service", choices)
    elif (message.get("intent") or {}).get("name") == "out_of_scope":
        dispatcher.utter_message(response="utter_out_of_scope")
    else:
        dispatcher.utter_message(response="utter_not_understood")
    return []


def present_service(dispatcher: CollectingDispatcher, service: Service) -> list[dict[str, Any]]:
    """Name the service exactly as the catalog does, with its one-line summary."""
    dispatcher.utter_message(
        response="utter_service_found", service_name=service.name, summary=service.summary
    )
    return [SlotSet("service", service.slug)]
