"""Checks of the Rasa training data that `rasa data validate` does not make."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from rapidfuzz import fuzz, process

from catalog.content_loader import read_content
from catalog.content_schema import TROUBLES
from tests.conftest import load_domain
from tools.evaluation.near_copies import nlu_examples

MIN_SERVICE_EXAMPLES = 25
# Openings (first four characters) one service intent may share with others, and how close two
# examples of different services may be (rapidfuzz ratio).
MAX_SHARED_OPENING, NEAR_COPY = 3, 80
# Goodbye closes the conversation; the others are always followed by a message with buttons
# (the welcome by the menu, what comes before step 1 by the step, the recap by "办成了吗？",
# the reminder by the answer); the general troubles' help is sent inside utter_step_help.
FOLLOWED_BY_BUTTONS = {
    "utter_goodbye",
    "utter_welcome",
    "utter_guide_first_step",
    "utter_guide_eligibility",
    "utter_guide_prepare",
    "utter_guide_caution",
    "utter_guide_unverified",
    "utter_guide_recap",
    "utter_guide_hotline",
    "utter_privacy_reminder",
    "utter_handoff_after_hours",  # then: 要不要等上班了请工作人员来找您？
    "utter_handoff_back",  # then: the guide's resume offer, or 您还想办什么事？
    "utter_family_back",  # likewise, after a family helper
    "utter_family_guide_agreed",  # then: the guide's first step
    "utter_practice_intro",  # then the steps, then 再学一遍
    "utter_practice_step",
    "utter_family_invite",  # then: how the family member uses the code, with buttons
    "utter_family_invite_link",
    *(f"utter_stuck/{kind}" for kind in TROUBLES),
}


def domain() -> dict:
    return load_domain()


def test_every_catalog_service_with_training_data_has_enough_examples() -> None:
    examples = nlu_examples()
    for service in read_content().services:
        intent = "service_" + service.slug.replace("-", "_")
        if intent in examples:
            assert len(examples[intent]) >= MIN_SERVICE_EXAMPLES, intent


def test_service_intents_name_catalog_services() -> None:
    slugs = {service.slug for service in read_content().services}
    for intent in nlu_examples():
        if intent.startswith("service_"):
            assert intent.removeprefix("service_").replace("_", "-") in slugs, intent


def test_no_sentence_is_trained_for_two_intents() -> None:
    owners = Counter(
        re.sub(r"[\W_]+", "", text) for texts in nlu_examples().values() for text in set(texts)
    )
    assert [text for text, count in owners.items() if count > 1] == []


def test_every_trained_intent_is_in_the_domain() -> None:
    # A retrieval intent's sub-intents (stuck/where) are the domain's intent (stuck).
    assert {intent.split("/")[0] for intent in nlu_examples()} <= set(domain()["intents"])


def test_every_kind_of_trouble_is_a_trained_sub_intent_of_stuck() -> None:
    assert {f"stuck/{kind}" for kind in TROUBLES} == {
        intent for intent in nlu_examples() if intent.startswith("stuck/")
    }


@pytest.mark.parametrize("name", sorted(domain()["responses"]))
def test_every_response_is_chinese_and_offers_a_next_move(name: str) -> None:
    for variant in domain()["responses"][name]:
        text = re.sub(r"\{\w+\}", "", variant["text"])
        assert not re.search(r"[A-Za-z]{2,}", text), f"{name}: no English in replies"
        assert variant.get("buttons") or name in FOLLOWED_BY_BUTTONS, f"{name}: offer buttons"


def service_examples() -> dict[str, list[str]]:
    return {k: v for k, v in nlu_examples().items() if k.startswith("service_")}


def test_service_examples_share_no_opening_skeleton() -> None:
    """A template shows itself as the same opening in many intents (请问一下…, 我老伴儿…)."""
    intents_by_opening: dict[str, set[str]] = {}
    for intent, texts in service_examples().items():
        for text in texts:
            opening = re.sub(r"[\W_]+", "", text)[:4]
            if len(opening) == 4:
                intents_by_opening.setdefault(opening, set()).add(intent)
    assert {o: len(i) for o, i in intents_by_opening.items() if len(i) > MAX_SHARED_OPENING} == {}


def test_no_example_of_one_service_is_a_near_copy_of_anothers() -> None:
    owned = [
        (re.sub(r"[\W_]+", "", text), intent)
        for intent, texts in service_examples().items()
        for text in texts
    ]
    clashes = []
    for text, intent in owned:
        others = [t for t, i in owned if i != intent]
        hit = process.extractOne(text, others, scorer=fuzz.ratio, score_cutoff=NEAR_COPY)
        if hit:
            clashes.append(f"{intent}: {text} ~ {hit[0]}")
    assert clashes == []


def test_every_variation_of_a_response_offers_the_same_buttons() -> None:
    """Actions keep the buttons of a response's first variation as the offer just made
    (actions/replies.py), whichever variation Rasa's NLG picks to send."""
    differing = [
        name
        for name, variations in domain()["responses"].items()
        if len({repr(variation.get("buttons", [])) for variation in variations}) > 1
    ]
    assert differing == []
