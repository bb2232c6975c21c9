"""Find what a resident asks about: name the service with its exact catalog name, answer an
FAQ, offer a few choices when unsure, or say plainly that nothing fits."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.catalog_access import catalog_sessions
from actions.catalog_index import catalog_index, catalog_service
from actions.guide_resume import offer_to_resume
from actions.menu import offer_area, offer_areas
from actions.offers import OFFER_SLOT
from actions.preview_explanation import explain_for_preview
from actions.privacy_reminder import remind_once
from actions.replies import DomainDict, button, offer
from actions.request_interpretation import Interpretation, interpret
from actions.service_matching import Verdict
from actions.text_normalization import normalize
from catalog import queries, records
from catalog.models import Category, Service
from privacy.masking import mask_personal_data

Events = list[dict[str, Any]]


UNANSWERED = "unanswered"  # the kind of offer made when nothing answered the message
# Words for a guide ("我不会弄", "一步一步教我") with no guide running are read as a request
# first, as they may name the service ("我想办助浴卡 咋个弄"); naming none, they get these.
NO_GUIDE_REPLIES = {"stuck": "utter_stuck_no_guide", "start_guide": "utter_no_guide"}


class ActionFindService(Action):
    """Answers a message about services; mid-guide it offers to continue afterwards."""

    def name(self) -> str:
        return "action_find_service"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        events = remind_once(dispatcher, tracker)  # first, so the answer's buttons come last
        return events + read_request(dispatcher, tracker, domain)


def read_request(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
    """Answer the latest message as a question about services (a tapped choice, or words)."""
    message = tracker.latest_message
    reading = None
    with catalog_sessions(tracker)() as session:
        chosen = next(tracker.get_latest_entity_values("service"), None)
        service = catalog_service(session, chosen) if chosen else None
        if service is not None:
            reply = present_service(dispatcher, domain, service)
        else:
            reading = interpret(
                message.get("text") or "",
                message.get("intent_ranking") or [],
                catalog_index(session),
            )
            reply = answer(dispatcher, domain, session, reading, message)
    record_what_was_found(tracker, reading, reply)
    explain_for_preview(dispatcher, tracker, reading)
    return reply + offer_to_resume(dispatcher, domain, tracker)


def answer(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    session: Session,
    reading: Interpretation,
    message: dict[str, Any],
) -> Events:
    """Reply to one interpreted message."""
    service = catalog_service(session, reading.service_slug) if reading.service_slug else None
    intent = (message.get("intent") or {}).get("name")
    if reading.faq and service is not None:
        events = offer(
            dispatcher,
            domain,
            "utter_service_faq",
            "service",
            yes="/start_guide",
            no="/show_menu",
            service_name=service.name,
            answer=reading.faq.entry.answer,
        )
        return [SlotSet("service", service.slug), *events]
    if reading.faq:
        return offer(
            dispatcher, domain, "utter_general_faq", "menu", answer=reading.faq.entry.answer
        )
    if service is not None:
        return present_service(dispatcher, domain, service)
    area = named_area(session, message.get("text") or "")
    if area is not None and (intent == "broad_need" or reading.match.verdict is Verdict.UNKNOWN):
        return offer_area(dispatcher, domain, area)
    if intent == "broad_need" and reading.match.verdict is Verdict.UNKNOWN:
        return offer_areas(dispatcher, domain, queries.categories_with_services(session))
    candidates = reading.match.candidates
    if reading.match.verdict is Verdict.UNSURE and len(candidates) == 1:
        choice = button("是的", "choose_service", service=candidates[0].slug)
        return offer(
            dispatcher,
            domain,
            "utter_confirm_service",
            "confirm",
            choices=[choice],
            yes=choice.payload,
            no="/show_menu",
            service_name=candidates[0].name,
        )
    if reading.match.verdict is Verdict.UNSURE:
        choices = [button(c.name, "choose_service", service=c.slug) for c in candidates]
        return offer(
            dispatcher, domain, "utter_which_service", "choices", choices=choices, no="/show_menu"
        )
    if area is not None:
        return offer_area(dispatcher, domain, area)
    if intent in NO_GUIDE_REPLIES:  # words for a guide, none running, and no service named
        return offer(dispatcher, domain, NO_GUIDE_REPLIES[intent], "menu")
    response = "utter_out_of_scope" if intent == "out_of_scope" else "utter_not_understood"
    return offer(dispatcher, domain, response, UNANSWERED)


def record_what_was_found(tracker: Tracker, reading: Interpretation | None, reply: Events) -> None:
    """For the needs-feedback reports: the service named and how it was found, or the message
    when nothing answered it."""
    named = next((e["value"] for e in reply if e.get("name") == "service"), None)
    sender, message = tracker.sender_id, tracker.latest_message
    if named is not None:
        intent = (message.get("intent") or {}).get("name")
        if reading is None:
            found_by = "choice"
        elif reading.faq:
            found_by = "faq"
        else:
            found_by = "model" if intent == f"service_{named.replace('-', '_')}" else "catalog"
        records.record_service_request(
            catalog_sessions(tracker), sender_id=sender, service_slug=named, found_by=found_by
        )
    elif offered_kind(reply) == UNANSWERED:
        text = mask_personal_data(message.get("text") or "")
        records.record_unanswered(catalog_sessions(tracker), sender_id=sender, text=text)


def offered_kind(reply: Events) -> str | None:
    """The kind of offer the reply made (the `offer` slot it set)."""
    offers = [e["value"] for e in reply if e.get("name") == OFFER_SLOT and e.get("value")]
    return offers[-1].get("kind") if offers else None


def named_area(session: Session, text: str) -> Category | None:
    """The one area (menu category) whose words the message uses, if exactly one."""
    words = normalize(text)
    areas = [
        category
        for category in queries.categories_with_services(session)
        if any(normalize(word) in words for word in category.words)
    ]
    return areas[0] if len(areas) == 1 else None


def present_service(
    dispatcher: CollectingDispatcher, domain: DomainDict, service: Service
) -> Events:
    """Name the service exactly as the catalog does, with its one-line summary."""
    events = offer(
        dispatcher,
        domain,
        "utter_service_found",
        "service",
        yes="/start_guide",
        no="/show_menu",
        service_name=service.name,
        summary=service.summary,
    )
    return [SlotSet("service", service.slug), *events]
