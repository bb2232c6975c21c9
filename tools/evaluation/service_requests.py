"""Residents' requests (tests/heldout/service_requests.yml): which service, area or nothing the
assistant's first reply gives them, asked in a fresh conversation each.

- top-1: the reply names the right service (or answers one of its FAQs);
- top-3: the right service is named or offered among the choices;
- area: a broad need ("手机我啥都不会") gets the services of its area to choose from;
- out of scope: no service is named.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import httpx

from tools.evaluation.conversation import Conversation


@dataclass(frozen=True)
class Outcome:
    text: str
    style: str
    expected: str | None  # a service slug
    area: str | None  # a category slug, for a broad need
    named: str | None  # the service the reply names
    offered: tuple[str, ...]  # services offered as choices

    @property
    def top1(self) -> bool:
        return self.named is not None and self.named == self.expected

    @property
    def top3(self) -> bool:
        return self.top1 or (self.named is None and self.expected in self.offered)


def ask(http: httpx.Client, item: dict[str, Any]) -> Outcome:
    conversation = Conversation(http)
    conversation.say(item["text"])
    slots = conversation.tracker()["slots"]
    offer = slots.get("offer") or {}
    named = slots.get("service") if offer.get("kind") == "service" else None
    offered = tuple(
        json.loads(button["payload"].split("choose_service", 1)[1] or "{}").get("service", "")
        for button in offer.get("buttons", [])
        if button["payload"].startswith("/choose_service")
    )
    return Outcome(
        item["text"], item.get("style", ""), item.get("service"), item.get("area"), named, offered
    )


def report(outcomes: list[Outcome], area_services: dict[str, set[str]]) -> list[str]:
    services = [o for o in outcomes if o.expected]
    areas = [o for o in outcomes if o.area]
    others = [o for o in outcomes if not o.expected and not o.area]

    def area_ok(o: Outcome) -> bool:
        return o.named is None and set(o.offered) == area_services[o.area]

    lines = [
        "| measure | result |",
        "|---|---|",
        f"| top-1 service (the first reply names it) | {percent(services, attrgetter('top1'))} |",
        f"| top-3 service (named or among the choices) | {percent(services, attrgetter('top3'))} |",
        f"| broad need answered with its area's services | {percent(areas, area_ok)} |",
        f"| out of scope: no service named | {percent(others, lambda o: o.named is None)} |",
        "",
        "| style | top-1 | top-3 |",
        "|---|---|---|",
    ]
    for style in sorted({o.style for o in services}):
        group = [o for o in services if o.style == style]
        top1, top3 = percent(group, attrgetter("top1")), percent(group, attrgetter("top3"))
        lines.append(f"| {style} | {top1} | {top3} |")
    lines += ["", "Every miss (expected → what the reply did):", ""]
    lines += [
        f"- [{o.style}] {o.text} — {o.expected} → "
        f"{o.named or ('choices: ' + ', '.join(o.offered) if o.offered else 'not understood')}"
        for o in services
        if not o.top1
    ]
    lines += [
        f"- [area] {o.text} — {o.area} → {o.named or o.offered}" for o in areas if not area_ok(o)
    ]
    lines += [f"- [out of scope] {o.text} → {o.named}" for o in others if o.named]
    return lines


def percent(group: list[Outcome], good: Any) -> str:
    hits = sum(1 for o in group if good(o))
    return f"{100 * hits / len(group):.1f}% ({hits}/{len(group)})" if group else "n/a"
