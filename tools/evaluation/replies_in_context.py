"""Typed answers to what the assistant just offered (tests/heldout/replies_in_context.yml).

Each case is played in a fresh conversation brought to the offer by the resident's own taps
(or, for the two offers no tap reaches reliably, by the action code's own offer put into the
conversation), then the typed answer is sent and what Rasa finally took it as is read back
from the tracker: that decides the next reply.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import button, offer
from actions.step_trouble import selected_trouble, trouble_of
from tools.evaluation.conversation import Conversation

CHOICE_SLUGS = ("medical-insurance-query", "medical-insurance-payment", "medical-insurance-code")
CHOICE_NAMES = ("医保余额查询", "城乡居民医保缴费", "医保电子凭证（医保码）")
CONFIRMED = "medical-insurance-code"
# Intents the guide treats alike (guide_flow: a yes moves on, a no to "要继续吗" stops).
SAME_AS = {
    "next_step": {"next_step", "affirm"},
    "outcome_done": {"outcome_done", "next_step", "affirm"},
    "outcome_not_done": {"outcome_not_done", "deny"},
    "resume": {"resume_guide", "affirm", "next_step"},
}


@dataclass(frozen=True)
class Outcome:
    offer: str
    text: str
    style: str
    expected: str
    understood: str

    @property
    def right(self) -> bool:
        return self.understood == self.expected


def play(http: httpx.Client, domain: dict[str, Any], item: dict[str, Any]) -> Outcome:
    conversation = Conversation(http)
    bring_to(conversation, domain, item["offer"])
    conversation.say(item["text"])
    parse = conversation.understood()
    return Outcome(
        item["offer"],
        item["text"],
        item.get("style", ""),
        item["expect"],
        as_expectation(item["offer"], item["expect"], item["text"], parse),
    )


def bring_to(conversation: Conversation, domain: dict[str, Any], kind: str) -> None:
    """Bring a fresh conversation to the moment the offer `kind` was just made."""
    choose = '/choose_service{"service":"%s"}'
    if kind in ("service_found", "step", "outcome", "resume"):
        conversation.say(choose % "pension-certification")
    if kind in ("step", "outcome", "resume"):
        conversation.say("/start_guide")
        conversation.say("/next_step")
    if kind == "resume":
        conversation.say(choose % "pay-electricity")
    if kind == "outcome":
        for _ in range(10):
            if "办成了吗" in "".join(r.get("text", "") for r in conversation.say("/next_step")):
                break
    if kind in ("confirm", "choices"):
        conversation.say("/greet")  # a conversation under way, as when the offer is really made
    if kind == "confirm":
        yes = button("是的", "choose_service", service=CONFIRMED)
        made = offer(
            CollectingDispatcher(),
            domain,
            "utter_confirm_service",
            "confirm",
            choices=[yes],
            yes=yes.payload,
            no="/show_menu",
            service_name=CHOICE_NAMES[2],
        )
        conversation.set_slot("offer", made[0]["value"])
    if kind == "choices":
        choices = [
            button(name, "choose_service", service=slug)
            for name, slug in zip(CHOICE_NAMES, CHOICE_SLUGS, strict=True)
        ]
        made = offer(
            CollectingDispatcher(),
            domain,
            "utter_which_service",
            "choices",
            choices=choices,
            no="/show_menu",
        )
        conversation.set_slot("offer", made[0]["value"])


def as_expectation(kind: str, expected: str, text: str, parse: dict[str, Any]) -> str:
    """What the understanding (Rasa's parse data) amounts to, in the held-out file's own terms;
    a stuck resident gets the help the guide gives (`actions.guide.stuck_trouble`)."""
    intent = (parse.get("intent") or {}).get("name", "")
    entities = {e["entity"]: e["value"] for e in parse.get("entities", [])}
    if intent == "choose_service":
        slug = entities.get("service")
        if kind == "confirm" and slug == CONFIRMED:
            return "affirm"
        return f"choice:{CHOICE_SLUGS.index(slug) + 1}" if slug in CHOICE_SLUGS else intent
    if intent == "stuck":
        return f"stuck:{entities.get('trouble') or trouble_of(text, selected_trouble(parse))}"
    if intent == "show_menu" and kind in ("confirm", "choices") and expected == "deny":
        return "deny"
    if intent in ("affirm", "deny") and kind in ("service_found", "confirm", "choices"):
        return f"{intent} (not read as a button: no rule acts on it here)"
    if intent == "stop" or (kind == "resume" and intent == "deny"):
        return "stop"
    if intent in SAME_AS.get(expected, ()):
        return expected
    return intent or "?"


def report(outcomes: list[Outcome]) -> list[str]:
    lines = ["| offer | understood as the resident meant |", "|---|---|"]
    for kind in dict.fromkeys(o.offer for o in outcomes):
        lines.append(f"| {kind} | {percent([o for o in outcomes if o.offer == kind])} |")
    lines.append(f"| all | {percent(outcomes)} |")
    lines += ["", "| style | understood |", "|---|---|"]
    for style in sorted({o.style for o in outcomes}):
        lines.append(f"| {style} | {percent([o for o in outcomes if o.style == style])} |")
    stuck = [o for o in outcomes if o.expected.startswith("stuck:")]
    lines += ["", f"Stuck on a step, with the right kind of help: {percent(stuck)}"]
    confusions = Counter((o.expected, o.understood) for o in outcomes if not o.right)
    lines += ["", "Every miss (offer: typed — expected → understood):", ""]
    lines += [
        f"- {o.offer}: {o.text} — {o.expected} → {o.understood}" for o in outcomes if not o.right
    ]
    lines += [
        "",
        "Most frequent confusions: "
        + ", ".join(f"{e} → {u} ×{n}" for (e, u), n in confusions.most_common(5)),
    ]
    return lines


def percent(group: list[Outcome]) -> str:
    hits = sum(o.right for o in group)
    return f"{100 * hits / len(group):.1f}% ({hits}/{len(group)})" if group else "n/a"
