"""Send domain responses with their buttons, and remember them as the offer just made."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.offers import Button, Offer, offer_event

DomainDict = dict[str, Any]


def button(title: str, intent: str, **entities: str) -> Button:
    """A button that sends `intent` (with entities) as if the resident had said it."""
    payload = f"/{intent}"
    if entities:
        payload += json.dumps(entities, ensure_ascii=False, separators=(",", ":"))
    return Button(title, payload)


def offer(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    response: str,
    kind: str,
    *,
    choices: Sequence[Button] = (),
    yes: str | None = None,
    no: str | None = None,
    **values: Any,
) -> list[dict[str, Any]]:
    """Send `response` through Rasa's NLG with `choices` before its own buttons, and keep
    what is shown as the offer (`rasa_addons/choices_first_nlg.py` puts the choices first).

    Every variation of a response carries the same buttons (a test checks it), so the offer
    kept is what the resident sees whichever variation Rasa picks. Returns the offer's event.
    """
    template = domain["responses"][response][0]
    buttons = [*choices, *(Button(b["title"], b["payload"]) for b in template.get("buttons", []))]
    dispatcher.utter_message(
        response=response,
        choices=[{"title": b.title, "payload": b.payload} for b in choices],
        **values,
    )
    return [offer_event(Offer(kind, tuple(buttons), len(choices), yes, no))]


def question(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    response: str,
    kind: str,
    yes: Button,
    no: Button,
    **values: Any,
) -> list[dict[str, Any]]:
    """A yes-or-no question: both answers as buttons, and a typed 好 or 不 read as them."""
    return offer(
        dispatcher,
        domain,
        response,
        kind,
        choices=[yes, no],
        yes=yes.payload,
        no=no.payload,
        **values,
    )
