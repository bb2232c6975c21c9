"""A family helper guides their resident through a service on the resident's own phone
("教妈妈交电费"); the rules are `family.guiding`.

On the helper's side the service is read from their words (or a button), the resident chosen
when they help several, and the guide proposed: the reply carries its id as data
(`json_message`), so the helper's gateway asks the resident (`trigger_intent
family_guide_asked`). On the resident's side the question, and their answer: yes starts the
guide at once (the rule runs `action_guide` next), and the answer goes back to the helper as
data too."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.catalog_access import catalog_sessions
from actions.catalog_index import catalog_index, catalog_service
from actions.find_service import present_service
from actions.replies import DomainDict, button, offer, question
from actions.service_matching import Match, Verdict, decide, nlu_scores
from catalog import queries
from family import guiding, links
from handoff.clock import utc_now

GUIDE = "family_guide"
# Words for the person a helper guides (家人, 妈, 老汉, 她…).
OTHERS = re.compile(
    r"家人|家里|屋头|亲人|老人|妈|爸|父|母|爷|奶|外婆|外公|婆婆|公公|老汉|老头|老伴|"
    r"儿子|女儿|闺女|儿媳|女婿|孙|娃|她|他"
)
Events = list[dict[str, Any]]


def _number(tracker: Tracker, entity: str) -> int | None:
    value = next(tracker.get_latest_entity_values(entity), None)
    return int(value) if value is not None and str(value).isdigit() else None


class ActionFamilyGuide(Action):
    """The helper asks to guide their resident: which service, which resident, then ask them.
    Typed words that name a service but nobody else (教我咋个交电费), or a service named by
    someone who helps nobody, are a request for the service itself: it is shown, as if they had
    asked for it, and nothing goes to anyone's phone."""

    def name(self) -> str:
        return "action_family_guide"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        sessions = catalog_sessions(tracker)
        helping = links.helping(sessions, tracker.sender_id)
        link_id = _number(tracker, "family_link")
        link = next((h for h in helping if h.id == link_id), None)
        if link is None and len(helping) == 1:
            link = helping[0]
        with sessions() as session:
            chosen = next(tracker.get_latest_entity_values("service"), None)
            match = Match(Verdict.FOUND, []) if chosen else _read_service(tracker, session)
            slug = chosen or (match.candidates[0].slug if match.verdict is Verdict.FOUND else None)
            service = catalog_service(session, slug) if slug else None
            for_themselves = not helping or not _names_someone(tracker.latest_message)
            if for_themselves and service is not None:
                return present_service(dispatcher, domain, service)
            if not helping:
                return offer(dispatcher, domain, "utter_family_guide_not_helper", "menu")
            if service is None:
                # With no service named: those that must not be missed, what a helper most often
                # wants to see done.
                named = [(c.name, c.slug) for c in match.candidates] or [
                    (s.name, s.slug) for s in queries.recurring_services(session)
                ]
                kept = {"family_link": str(link.id)} if link else {}
                choices = [button(name, GUIDE, service=slug, **kept) for name, slug in named]
                return offer(
                    dispatcher,
                    domain,
                    "utter_family_guide_which_service",
                    "choices",
                    choices=choices,
                )
        if link is None:
            choices = [
                button(f"第{n}位（您是{h.relation}）", GUIDE, service=slug, family_link=str(h.id))
                for n, h in enumerate(helping, start=1)
            ]
            return offer(
                dispatcher, domain, "utter_family_guide_which_resident", "choices", choices=choices
            )
        proposed = guiding.propose(sessions, link.id, tracker.sender_id, slug, utc_now())
        if proposed is None:
            return offer(dispatcher, domain, "utter_family_guide_not_helper", "menu")
        dispatcher.utter_message(json_message={"family": {"guide": proposed.id}})
        return offer(dispatcher, domain, "utter_family_guide_sent", "menu")


def _names_someone(message: dict[str, Any]) -> bool:
    """Whether the helper's words name the person to guide (a button always does): a safety net
    under the model, which reads a resident's 教我… as a helper's now and then."""
    text = message.get("text") or ""
    return text.startswith("/") or OTHERS.search(text) is not None


def _read_service(tracker: Tracker, session: Session) -> Match:
    """The service the helper's words name (教妈妈交电费), or the likely ones."""
    message = tracker.latest_message
    text = message.get("text") or ""
    if text.startswith("/"):
        return Match(Verdict.UNKNOWN, [])
    ranking = nlu_scores(message.get("intent_ranking") or [])
    return decide(catalog_index(session).matcher.rank(text, ranking))


class ActionFamilyGuideAsked(Action):
    """The resident is asked whether their helper may guide them through the service now."""

    def name(self) -> str:
        return "action_family_guide_asked"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        sessions = catalog_sessions(tracker)
        guide = guiding.asking(sessions, _number(tracker, GUIDE) or 0, tracker.sender_id)
        if guide is None:
            return []
        with sessions() as session:
            service = catalog_service(session, guide.service_slug)
        if service is None:
            return []
        which = {GUIDE: str(guide.id), "service": service.slug}
        yes = button("好，开始", "agree_family_guide", **which)
        no = button("现在不方便", "decline_family_guide", **which)
        return question(
            dispatcher,
            domain,
            "utter_family_guide_ask",
            "family_guide",
            yes,
            no,
            relation=guide.link.relation,
            service_name=service.name,
        )


class ActionAnswerFamilyGuide(Action):
    """The resident's yes (the guide starts next, by the rule) or no; the helper is told
    through the data of the reply. A yes to a question gone stale still starts the guide: the
    resident asked for it."""

    def name(self) -> str:
        return "action_answer_family_guide"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Events:
        agreed = (tracker.latest_message.get("intent") or {}).get("name") == "agree_family_guide"
        guide_id = _number(tracker, GUIDE) or 0
        sessions = catalog_sessions(tracker)
        answered = guiding.answer(sessions, guide_id, tracker.sender_id, agreed, utc_now())
        if answered is not None:
            dispatcher.utter_message(
                json_message={"family": {"guide_answer": {"id": guide_id, "agreed": agreed}}}
            )
        if not agreed:
            return offer(dispatcher, domain, "utter_family_guide_declined", "menu")
        if answered is not None:
            dispatcher.utter_message(
                response="utter_family_guide_agreed", relation=answered.link.relation
            )
        return []
