"""A resident's family helpers (亲友帮忙), the resident's side: a code to send a family member,
the yes or no when one opened it, the list of helpers and removing one (the rules:
`family.links`).

The code's reply carries the link's id as data (`json_message`), so the resident's gateway
keeps where to reach them when the family member's gateway asks (`family_asks`)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog_access import catalog_sessions
from actions.reminders import daytime
from actions.replies import DomainDict, button, offer, question
from family import links, shares
from family.settings import family_settings
from family.shares import Share
from handoff.clock import utc_now

ENTITY = "family_link"
MAX_LISTED = 3  # shares listed by 谁看过, newest first
SEEN = {
    "request": "看过您求助的事",
    "message": "看过{count}条您的话",
    "photo": "看过{count}张照片",
    "progress": "看过您办事进度",
}


def _link_id(tracker: Tracker) -> int | None:
    value = next(tracker.get_latest_entity_values(ENTITY), None)
    return int(value) if value is not None and str(value).isdigit() else None


class ActionAddFamily(Action):
    """A new code for a family member, or why there cannot be one."""

    def name(self) -> str:
        return "action_add_family"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        invited = links.invite(catalog_sessions(tracker), tracker.sender_id, utc_now())
        if invited is None:
            return offer(dispatcher, domain, "utter_family_full", "menu")
        dispatcher.utter_message(json_message={"family": {"invite": invited.id}})
        dispatcher.utter_message(response="utter_family_invite", code=invited.code)
        if link := family_settings().link:
            dispatcher.utter_message(
                response="utter_family_invite_link", link=link.format(code=invited.code)
            )
        return offer(dispatcher, domain, "utter_family_invite_how", "menu")


class ActionFamilyAsks(Action):
    """The family member said who they are: does the resident agree?"""

    def name(self) -> str:
        return "action_family_asks"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        link_id = _link_id(tracker)
        asking = next(
            (
                link
                for link in links.asking_for(catalog_sessions(tracker), tracker.sender_id)
                if link.id == link_id
            ),
            None,
        )
        if asking is None:
            return []
        yes = button("同意", "confirm_family", family_link=str(asking.id))
        no = button("不同意", "decline_family", family_link=str(asking.id))
        return question(
            dispatcher, domain, "utter_family_confirm", "family", yes, no, relation=asking.relation
        )


class ActionAnswerFamily(Action):
    """同意 or 不同意 to a family helper."""

    def name(self) -> str:
        return "action_answer_family"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        agreed = (tracker.latest_message.get("intent") or {}).get("name") == "confirm_family"
        link_id = _link_id(tracker)
        answered = (
            links.answer(catalog_sessions(tracker), tracker.sender_id, link_id, agreed, utc_now())
            if link_id is not None
            else None
        )
        if answered is None:
            return offer(dispatcher, domain, "utter_family_gone", "menu")
        if not agreed:
            return offer(dispatcher, domain, "utter_family_declined", "menu")
        return offer(dispatcher, domain, "utter_family_linked", "menu", relation=answered.relation)


class ActionMyFamily(Action):
    """The resident's helpers, each with a button to remove them."""

    def name(self) -> str:
        return "action_my_family"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        helpers = links.helpers_of(catalog_sessions(tracker), tracker.sender_id)
        if not helpers:
            return offer(dispatcher, domain, "utter_family_none", "menu", yes="/add_family")
        removals = [
            button(f"移除{helper.relation}", "remove_family", family_link=str(helper.id))
            for helper in helpers
        ]
        names = "、".join(helper.relation or "" for helper in helpers)
        return offer(
            dispatcher, domain, "utter_family_list", "family", choices=removals, names=names
        )


class ActionRemoveFamily(Action):
    """A helper removed: they see nothing of the resident from now on."""

    def name(self) -> str:
        return "action_remove_family"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        link_id = _link_id(tracker)
        removed = (
            links.remove(catalog_sessions(tracker), tracker.sender_id, link_id, utc_now())
            if link_id is not None
            else None
        )
        if removed is None:
            return offer(dispatcher, domain, "utter_family_gone", "menu")
        return offer(dispatcher, domain, "utter_family_removed", "menu", relation=removed.relation)


class ActionWhoSaw(Action):
    """谁看过: what the resident's helpers were shown lately, newest first."""

    def name(self) -> str:
        return "action_who_saw"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        latest = shares.latest(catalog_sessions(tracker), tracker.sender_id, MAX_LISTED)
        if not latest:
            return offer(dispatcher, domain, "utter_family_shares_none", "menu")
        return offer(dispatcher, domain, "utter_family_shares", "menu", items=shares_text(latest))


def shares_text(latest: list[Share]) -> str:
    """One line a share: when (the resident's day), who, what."""
    zone = daytime().zone
    lines = []
    for share in latest:
        day = share.last_at.astimezone(zone)
        seen = SEEN[share.what].format(count=share.count)
        lines.append(f"{day.month}月{day.day}日 {share.relation}{seen}")
    return "\n".join(lines)
