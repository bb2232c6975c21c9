"""Model evidence and catalog words combine into one clear decision."""

from __future__ import annotations

from actions.service_matching import (
    ServiceTerms,
    Verdict,
    catalog_scores,
    decide,
    nlu_scores,
    normalize,
    rank,
    slug_of_intent,
)

SERVICES = [
    ServiceTerms("pension-certification", "养老金资格认证", ("刷脸认证", "养老认证")),
    ServiceTerms("pension-query", "养老金发放查询", ("养老金到账",)),
    ServiceTerms("medical-insurance-query", "医保余额查询", ("医保余额",)),
    ServiceTerms("medical-insurance-payment", "城乡居民医保缴费", ("医保缴费", "交医保")),
]


def test_normalize_drops_punctuation_width_and_spaces() -> None:
    assert normalize("養老金 资格认证？ＡＢ") == "養老金资格认证ab"


def test_intent_names_map_to_slugs() -> None:
    assert slug_of_intent("service_pension_certification") == "pension-certification"
    assert slug_of_intent("greet") is None
    ranking = [{"name": "service_pension_query", "confidence": 0.7}, {"name": "greet"}]
    assert nlu_scores(ranking) == {"pension-query": 0.7}


def test_the_exact_name_in_the_text_is_found_without_the_model() -> None:
    match = decide(rank("养老金资格认证怎么做", SERVICES, {}))
    assert match.verdict is Verdict.FOUND
    assert match.candidates[0].slug == "pension-certification"


def test_a_longer_alias_wins_over_a_word_inside_it() -> None:
    services = [*SERVICES, ServiceTerms("generic", "医保", ())]
    assert catalog_scores("我想交医保缴费", services).keys() == {"medical-insurance-payment"}


def test_model_and_catalog_agreeing_beats_either_alone() -> None:
    alone = rank("刷脸认证", SERVICES, {})[0].score
    both = rank("刷脸认证", SERVICES, {"pension-certification": 0.5})[0].score
    assert both > alone


def test_two_close_services_make_the_assistant_ask() -> None:
    model = {"medical-insurance-query": 0.45, "medical-insurance-payment": 0.4}
    match = decide(rank("医保的事", SERVICES, model))
    assert match.verdict is Verdict.UNSURE
    assert {c.slug for c in match.candidates} == set(model)


def test_at_most_three_choices_are_offered() -> None:
    model = {s.slug: 0.3 for s in SERVICES}
    assert len(decide(rank("那个事", SERVICES, model)).candidates) == 3


def test_nothing_plausible_is_unknown() -> None:
    match = decide(rank("今天天气好", SERVICES, {"pension-query": 0.05}))
    assert match.verdict is Verdict.UNKNOWN
    assert match.candidates == []
