"""Checks of the Rasa training data that `rasa data validate` does not make."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from catalog.content_loader import read_content
from tests.conftest import load_domain

ROOT = Path(__file__).resolve().parent.parent
MIN_SERVICE_EXAMPLES = 15
# Goodbye closes the conversation; the others are always followed by a message with buttons
# (the welcome by the menu, the recap by "办成了吗？", "这已经是第一步了" by the step).
FOLLOWED_BY_BUTTONS = {
    "utter_goodbye",
    "utter_welcome",
    "utter_guide_first_step",
    "utter_guide_recap_materials",
    "utter_guide_recap_place",
    "utter_guide_recap_hotline",
}


def nlu_examples() -> dict[str, list[str]]:
    examples: dict[str, list[str]] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                lines = block["examples"].splitlines()
                examples.setdefault(block["intent"], []).extend(
                    re.sub(r"^\s*-\s*", "", line).strip() for line in lines if line.strip()
                )
    return examples


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
    assert set(nlu_examples()) <= set(domain()["intents"])


@pytest.mark.parametrize("name", sorted(domain()["responses"]))
def test_every_response_is_chinese_and_offers_a_next_move(name: str) -> None:
    for variant in domain()["responses"][name]:
        text = re.sub(r"\{\w+\}", "", variant["text"])
        assert not re.search(r"[A-Za-z]{2,}", text), f"{name}: no English in replies"
        assert variant.get("buttons") or name in FOLLOWED_BY_BUTTONS, f"{name}: offer buttons"
