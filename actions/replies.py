"""Helpers to send domain responses together with choices that only an action knows."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

DomainDict = dict[str, Any]


def button(title: str, intent: str, **entities: str) -> dict[str, str]:
    """A button that sends `intent` (with entities) as if the resident had said it."""
    payload = f"/{intent}"
    if entities:
        payload += json.dumps(entities, ensure_ascii=False, separators=(",", ":"))
    return {"title": title, "payload": payload}


def utter_with_choices(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    response: str,
    choices: list[dict[str, str]],
    **values: Any,
) -> None:
    """Send `response` from the domain with `choices` shown before its own fixed buttons.

    (Rasa would put an action's buttons after the template's; residents should see the
    catalog choices first and "找人帮忙"-style buttons last.)
    """
    template = domain["responses"][response][0]
    dispatcher.utter_message(
        text=template["text"].format(**values),
        buttons=choices + list(template.get("buttons", [])),
    )
