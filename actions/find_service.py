"""Find the service a resident asks about and name it with its exact catalog name."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import catalog_sessions
from actions.replies import DomainDict, button, utter_with_choices
from actions.service_matching import ServiceTerms, Verdict, decide, nlu_scores, rank
from catalog import queries
from catalog.models import Service


class ActionFindService(Action):
    """Answers a question about a service: names it, asks which one, or admits not knowing."""

    def name(self) -> str:
        return "action_find_service"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        with catalog_sessions()() as session:
            chosen = next(tracker.get_latest_entity_values("service"), None)
            if chosen and (service := queries.service_by_slug(session, chosen)):
                return present_service(dispatcher, service)
            services = queries.services_with_aliases(session)
            terms = [
                ServiceTerms(s.slug, s.name, tuple(a.text for a in s.aliases)) for s in services
            ]
            message = tracker.latest_message
            match = decide(
                rank(
                    message.get("text") or "",
                    terms,
                    nlu_scores(message.get("intent_ranking") or []),
                )
            )
            if match.verdict is Verdict.FOUND:
                found = next(s for s in services if s.slug == match.candidates[0].slug)
                return present_service(dispatcher, found)
        if match.verdict is Verdict.UNSURE:
            choices = [button(c.name, "choose_service", service=c.slug) for c in match.candidates]
            utter_with_choices(dispatcher, domain, "utter_which_service", choices)
        else:
            dispatcher.utter_message(response="utter_not_understood")
        return []


def present_service(dispatcher: CollectingDispatcher, service: Service) -> list[dict[str, Any]]:
    """Name the service exactly as the catalog does, with its one-line summary."""
    dispatcher.utter_message(
        response="utter_service_found", service_name=service.name, summary=service.summary
    )
    return [SlotSet("service", service.slug)]
