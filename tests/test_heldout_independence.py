"""The held-out sets measure what residents will see only if they were never trained on: no
held-out line may be a copy or a near-copy of a training example, nor a bare catalog word."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz, process

from actions.text_normalization import normalize
from catalog.content_loader import read_content
from tools import evaluate
from tools.evaluation import near_copies
from tools.evaluation.near_copies import HELDOUT, NEAR_COPY


def heldout_texts(name: str) -> list[str]:
    return near_copies.heldout_texts(HELDOUT / name)


TRAINING = near_copies.training_texts()


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
        if hit := near_copies.near_copy(text, TRAINING):
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
