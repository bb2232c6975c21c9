"""The held-out sets measure what residents will see only if they were never trained on: no
held-out line may be a copy or a near-copy of a training example, nor a bare catalog word."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process

from actions.text_normalization import normalize
from catalog.content_loader import read_content
from tests.test_training_data import nlu_examples
from tools import evaluate

HELDOUT = Path(__file__).resolve().parent / "heldout"
NEAR_COPY = 85  # rapidfuzz ratio at which a held-out line counts as a training example


def heldout_texts(name: str) -> list[str]:
    return [item["text"] for item in yaml.safe_load((HELDOUT / name).read_text(encoding="utf-8"))]


TRAINING = sorted({normalize(text) for texts in nlu_examples().values() for text in texts} - {""})


SERVICE_REQUESTS = sorted({name for part in evaluate.SERVICE_REQUESTS for name in part.files})
REPLIES_IN_CONTEXT = sorted({name for part in evaluate.REPLIES_IN_CONTEXT for name in part.files})


def test_every_heldout_file_is_evaluated() -> None:
    on_disk = {path.name for path in HELDOUT.glob("*.yml")}
    assert on_disk == set(SERVICE_REQUESTS + REPLIES_IN_CONTEXT)


def test_the_two_halves_of_a_set_share_no_line_and_cover_it() -> None:
    even, odd = evaluate.SERVICE_REQUESTS[1].items(), evaluate.SERVICE_REQUESTS[2].items()
    assert len(even) + len(odd) == len(heldout_texts("service_requests_2.yml"))
    assert not {i["text"] for i in even} & {i["text"] for i in odd}


@pytest.mark.parametrize("name", SERVICE_REQUESTS + REPLIES_IN_CONTEXT)
def test_no_heldout_line_is_a_near_copy_of_a_training_example(name: str) -> None:
    copies = []
    for text in heldout_texts(name):
        hit = process.extractOne(
            normalize(text), TRAINING, scorer=fuzz.ratio, score_cutoff=NEAR_COPY
        )
        if hit:
            copies.append(f"{text} ~ {hit[0]} ({hit[1]:.0f})")
    assert copies == []


@pytest.mark.parametrize("name", SERVICE_REQUESTS)
def test_no_service_request_is_just_a_catalog_name_or_alias(name: str) -> None:
    words = {
        normalize(word)
        for service in read_content().services
        for word in (service.name, *service.aliases)
    }
    assert [t for t in heldout_texts(name) if normalize(t) in words] == []


def test_the_near_copy_check_would_catch_a_lightly_edited_example() -> None:
    example = next(text for text in TRAINING if len(text) >= 12)
    edited = example[:-1] + "吗"
    assert process.extractOne(edited, TRAINING, scorer=fuzz.ratio, score_cutoff=NEAR_COPY)
