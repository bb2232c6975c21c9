"""Reminders of what must not be missed (到期提醒), the resident's side: offered at the end of a
guide of a service that recurs, set, listed and cancelled; and what the resident is told when
a gateway says a reminder is due (`reminder_due`). The rules: `reminders.book`.

The reply that sets one carries its id as data (`json_message`), so the resident's gateway
keeps where to reach them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session, sessionmaker

from actions.catalog_access import catalog_sessions
from actions.catalog_index import catalog_service
from actions.offers import Button
from actions.replies import DomainDict, button, offer
from catalog import recurrence
from catalog.models import Service
from family import links
from handoff.clock import utc_now
from reminders import book
from reminders.schedule import Daytime
from reminders.settings import reminder_settings

ENTITY = "reminder"


def daytime() -> Daytime:
    settings = reminder_settings()
    return Daytime.parse(settings.daytime, settings.timezone)


def in_chinese(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def offer_reminder(
    dispatcher: CollectingDispatcher, domain: DomainDict, service: Service
) -> list[dict[str, Any]]:
    """At a recurring service's happy end: when it is due again, and 到时候提醒我."""
    today = utc_now().astimezone(daytime().zone).date()
    due = recurrence.parse(service.recurs or "").next_due(today)
    remind = button("到时候提醒我", "remind_me", service=service.slug)
    return offer(
        dispatcher,
        domain,
        "utter_offer_reminder",
        "reminder",
        choices=[remind],
        yes=remind.payload,
        no="/show_menu",
        service_name=service.name,
        due=in_chinese(due),
    )


class ActionRemindMe(Action):
    """到时候提醒我: a reminder of the service just done (the button's, or the one talked of)."""

    def name(self) -> str:
        return "action_remind_me"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        slug = next(tracker.get_latest_entity_values("service"), None) or tracker.get_slot(
            "service"
        )
        sessions = catalog_sessions(tracker)
        with sessions() as session:
            service = catalog_service(session, slug) if slug else None
        if service is None or not service.recurs:
            return offer(dispatcher, domain, "utter_reminder_not_recurring", "menu")
        settings = reminder_settings()
        booked = book.add(
            sessions,
            tracker.sender_id,
            service.slug,
            recurrence.parse(service.recurs),
            utc_now(),
            settings.days_before,
            daytime(),
        )
        dispatcher.utter_message(json_message={"reminder": {"id": booked.id}})
        family = (
            [button("也提醒我家人", "remind_family", reminder=str(booked.id))]
            if links.helpers_of(sessions, tracker.sender_id)
            else []
        )
        return offer(
            dispatcher,
            domain,
            "utter_reminder_set",
            "menu",
            choices=family,
            service_name=service.name,
            due=in_chinese(booked.due_on),
        )


class ActionRemindFamily(Action):
    """也提醒我家人: the resident's linked helpers get the reminder's notices too (the button's
    reminder, or the one set last)."""

    def name(self) -> str:
        return "action_remind_family"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        sessions = catalog_sessions(tracker)
        reminder_id = _reminder_id(tracker)
        if reminder_id is None:
            today = utc_now().astimezone(daytime().zone).date()
            ahead = book.active(sessions, tracker.sender_id, today)
            reminder_id = max((b.id for b in ahead), default=None)
        if reminder_id is None:
            return offer(dispatcher, domain, "utter_reminder_none", "menu")
        helpers = book.include_family(sessions, tracker.sender_id, reminder_id)
        if helpers is None:
            return offer(dispatcher, domain, "utter_reminder_gone", "menu")
        if not helpers:
            return offer(dispatcher, domain, "utter_reminder_family_none", "menu")
        names = "、".join(helper.relation or "" for helper in helpers)
        return offer(dispatcher, domain, "utter_reminder_family_set", "menu", names=names)


class ActionMyReminders(Action):
    """我的提醒: the reminders ahead, each with a button to cancel it."""

    def name(self) -> str:
        return "action_my_reminders"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        sessions = catalog_sessions(tracker)
        today = utc_now().astimezone(daytime().zone).date()
        booked = book.active(sessions, tracker.sender_id, today)
        if not booked:
            return offer(dispatcher, domain, "utter_reminder_none", "menu")
        names = _names(sessions, booked)
        items = "、".join(f"{names[b.id]}（{b.due_on.month}月{b.due_on.day}日前）" for b in booked)
        cancels = [
            button(f"取消“{names[b.id]}”的提醒", "cancel_reminder", reminder=str(b.id))
            for b in booked
        ]
        return offer(
            dispatcher, domain, "utter_reminder_list", "reminders", choices=cancels, items=items
        )


class ActionCancelReminder(Action):
    """A reminder's 取消 button."""

    def name(self) -> str:
        return "action_cancel_reminder"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        sessions = catalog_sessions(tracker)
        cancelled = book.cancel(sessions, tracker.sender_id, _reminder_id(tracker) or 0)
        if cancelled is None:
            return offer(dispatcher, domain, "utter_reminder_gone", "menu")
        name = _names(sessions, [cancelled])[cancelled.id]
        return offer(dispatcher, domain, "utter_reminder_cancelled", "menu", service_name=name)


class ActionReminderDue(Action):
    """A gateway says a reminder is due: what, by when, and the guide one tap away."""

    def name(self) -> str:
        return "action_reminder_due"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        sessions = catalog_sessions(tracker)
        today = utc_now().astimezone(daytime().zone).date()
        reminder_id = _reminder_id(tracker)
        booked = next(
            (b for b in book.active(sessions, tracker.sender_id, today) if b.id == reminder_id),
            None,
        )
        if booked is None:
            return []
        start = button("现在就办", "start_guide", service=booked.service_slug)
        return _due(dispatcher, domain, sessions, booked, today, "utter_reminder_due", start)


def _reminder_id(tracker: Tracker) -> int | None:
    value = next(tracker.get_latest_entity_values(ENTITY), None)
    return int(value) if value is not None and str(value).isdigit() else None


def _names(sessions: sessionmaker[Session], booked: list[book.Booked]) -> dict[int, str]:
    with sessions() as session:
        services = {b.id: catalog_service(session, b.service_slug) for b in booked}
    return {key: service.name if service else "一件事" for key, service in services.items()}


class ActionFamilyReminderDue(Action):
    """A gateway says a reminder shared with this family helper is due: what, by when, and
    带家人办 (the helper's guided start) one tap away."""

    def name(self) -> str:
        return "action_family_reminder_due"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        sessions = catalog_sessions(tracker)
        booked = book.get(sessions, _reminder_id(tracker) or 0)
        if booked is None:
            return []
        helping = links.helping(sessions, tracker.sender_id)
        link = next((h for h in helping if h.resident_sender_id == booked.sender_id), None)
        if link is None:  # no longer this resident's helper
            return []
        today = utc_now().astimezone(daytime().zone).date()
        guide = button(
            "带家人办", "family_guide", service=booked.service_slug, family_link=str(link.id)
        )
        return _due(dispatcher, domain, sessions, booked, today, "utter_family_reminder_due", guide)


def _due(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    sessions: sessionmaker[Session],
    booked: book.Booked,
    today: dt.date,
    response: str,
    start: Button,
) -> list[dict[str, Any]]:
    """`response`: `booked` is due soon, with `start` one tap (or a typed yes) away."""
    return offer(
        dispatcher,
        domain,
        response,
        "reminder_due",
        choices=[start],
        yes=start.payload,
        no="/show_menu",
        service_name=_names(sessions, [booked])[booked.id],
        due=in_chinese(booked.due_on),
        days=str((booked.due_on - today).days),
    )
