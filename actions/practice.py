"""After a guided session or a class, the resident gets every step of what they learned, to
practise at home. A gateway asks for it through Rasa's `trigger_intent` (`practice_recap`, with
the `service` and the `worker`'s name as entities)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import catalog_sessions
from actions.catalog_index import catalog_service
from actions.offers import Button
from actions.replies import DomainDict, offer


class ActionPracticeRecap(Action):
    def name(self) -> str:
        return "action_practice_recap"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        slug = next(tracker.get_latest_entity_values("service"), None)
        worker = next(tracker.get_latest_entity_values("worker"), None) or "工作人员"
        with catalog_sessions(tracker)() as session:
            service = catalog_service(session, slug) if slug else None
            if service is None:
                return []
            dispatcher.utter_message(
                response="utter_practice_intro", worker=worker, service_name=service.name
            )
            for step in service.steps:
                dispatcher.utter_message(
                    response="utter_practice_step", step=step.position, instruction=step.text
                )
            again = Button("再学一遍", f'/start_guide{{"service":"{service.slug}"}}')
        return offer(dispatcher, domain, "utter_practice_end", "menu", choices=[again])
