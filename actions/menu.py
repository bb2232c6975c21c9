"""The main menu: categories first, then the services of the chosen category."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import catalog_sessions
from actions.replies import DomainDict, button, offer
from catalog import queries
from catalog.models import Category

Events = list[dict[str, Any]]


class ActionShowMenu(Action):
    """Lets a resident who does not know what to type find a service by tapping."""

    def name(self) -> str:
        return "action_show_menu"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        wanted = next(tracker.get_latest_entity_values("category"), None)
        with catalog_sessions(tracker)() as session:
            categories = queries.categories_with_services(session)
        category = next((c for c in categories if c.slug == wanted), None)
        if category is None:
            return offer_areas(dispatcher, domain, categories)
        return offer_area(dispatcher, domain, category)


def offer_areas(
    dispatcher: CollectingDispatcher, domain: DomainDict, categories: list[Category]
) -> Events:
    """The main menu: every area (menu category) as a choice."""
    choices = [button(c.name, "show_menu", category=c.slug) for c in categories]
    return offer(dispatcher, domain, "utter_menu", "menu", choices=choices)


def offer_area(dispatcher: CollectingDispatcher, domain: DomainDict, category: Category) -> Events:
    """The services of one area (a menu category) as choices."""
    choices = [button(s.name, "choose_service", service=s.slug) for s in category.services]
    return offer(
        dispatcher,
        domain,
        "utter_menu_category",
        "choices",
        choices=choices,
        category_name=category.name,
    )
