"""Model evidence and catalog words (exact, by sound, fuzzy) combine into one decision."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from actions.service_matching import (
    MIN_FUZZY_LENGTH,
    MIN_FUZZY_RATIO,
    ServiceMatcher,
    ServiceTerms,
    Verdict,
    decide,
    nlu_scores,
    slug_of_intent,
)
from actions.text_normalization import normalize, pinyin
from catalog.documents import read_content_documents

SERVICES = [
    ServiceTerms("pension-certification", "养老金资格认证", ("刷脸认证", "养老认证")),
    ServiceTerms("pension-query", "养老金发放查询", ("养老金到账",)),
    ServiceTerms("medical-insurance-query", "医保余额查询", ("医保余额",)),
    ServiceTerms("medical-insurance-payment", "城乡居民医保缴费", ("医保缴费", "交医保")),
    ServiceTerms("pay-electricity", "缴纳电费", ("交电费", "电费")),
    ServiceTerms("senior-university", "老年大学报名", ("老年大学",)),
]


@pytest.fixture(scope="module")
def matcher() -> ServiceMatcher:
    return ServiceMatcher(SERVICES)


def test_normalize_folds_traditional_width_case_and_punctuation() -> None:
    assert normalize("醫保帳戶 餘額？ＡＢ") == "医保帐户余额ab"


def test_intent_names_map_to_slugs() -> None:
    assert slug_of_intent("service_pension_certification") == "pension-certification"
    assert slug_of_intent("greet") is None
    ranking = [{"name": "service_pension_query", "confidence": 0.7}, {"name": "greet"}]
    assert nlu_scores(ranking) == {"pension-query": 0.7}


def test_the_exact_name_is_found_without_the_model(matcher: ServiceMatcher) -> None:
    match = decide(matcher.rank("养老金资格认证怎么做", {}))
    assert match.verdict is Verdict.FOUND
    assert match.candidates[0].slug == "pension-certification"


def test_traditional_characters_find_the_service(matcher: ServiceMatcher) -> None:
    assert matcher.catalog_scores("醫保餘額怎麼查") == {"medical-insurance-query": 0.85}


def test_homophone_typos_are_found_by_sound(matcher: ServiceMatcher) -> None:
    assert set(matcher.catalog_scores("点费欠了网上能交吗")) == {"pay-electricity"}
    assert set(matcher.catalog_scores("老年大雪今年啥时候招生")) == {"senior-university"}


def test_near_shape_typos_are_found_fuzzily(matcher: ServiceMatcher) -> None:
    assert set(matcher.catalog_scores("刷睑认证失败了")) == {"pension-certification"}


def test_a_longer_alias_wins_over_a_word_inside_it() -> None:
    services = [*SERVICES, ServiceTerms("generic", "医保", ())]
    assert ServiceMatcher(services).catalog_scores("我想交医保缴费").keys() == {
        "medical-insurance-payment"
    }


def test_model_and_catalog_agreeing_beats_either_alone(matcher: ServiceMatcher) -> None:
    alone = matcher.rank("刷脸认证", {})[0].score
    both = matcher.rank("刷脸认证", {"pension-certification": 0.5})[0].score
    assert both > alone


def test_two_close_services_make_the_assistant_ask(matcher: ServiceMatcher) -> None:
    model = {"medical-insurance-query": 0.45, "medical-insurance-payment": 0.4}
    match = decide(matcher.rank("那个事情", model))
    assert match.verdict is Verdict.UNSURE
    assert {c.slug for c in match.candidates} == set(model)


def test_when_unsure_the_likely_runners_up_are_offered_too(matcher: ServiceMatcher) -> None:
    model = {"medical-insurance-query": 0.35, "medical-insurance-payment": 0.08}
    match = decide(matcher.rank("那个事情", model))
    assert match.verdict is Verdict.UNSURE
    assert [c.slug for c in match.candidates] == [
        "medical-insurance-query",
        "medical-insurance-payment",
    ]


def test_a_lone_guess_with_nothing_near_it_is_asked_about_alone(matcher: ServiceMatcher) -> None:
    match = decide(matcher.rank("那个事情", {"medical-insurance-query": 0.35}))
    assert [c.slug for c in match.candidates] == ["medical-insurance-query"]


def test_at_most_three_choices_are_offered(matcher: ServiceMatcher) -> None:
    model = {s.slug: 0.3 for s in SERVICES}
    assert len(decide(matcher.rank("那个事", model)).candidates) == 3


def test_nothing_plausible_is_unknown(matcher: ServiceMatcher) -> None:
    match = decide(matcher.rank("今天天气好", {"pension-query": 0.05}))
    assert match.verdict is Verdict.UNKNOWN
    assert match.candidates == []


def test_a_phone_number_names_no_service() -> None:
    matcher = ServiceMatcher([ServiceTerms("hotline-12345", "12345热线反映问题", ("12345",))])
    assert matcher.catalog_scores("找不到那个按钮 我电话13812345678") == {}
    assert matcher.catalog_scores("打12345反映问题") != {}


def test_the_indexes_find_what_comparing_every_term_finds() -> None:
    """The sound table and the character filter in front of the fuzzy comparison drop no term
    of the real catalog that comparing the message with every term would find."""
    catalog = read_content_documents().services.values()
    matcher = ServiceMatcher(
        ServiceTerms(d["slug"], d["name"], tuple(d["aliases"])) for d in catalog
    )
    messages = ["养老金认正咋个弄", "医宝卡丢了", "交水废", "我要挂好", "天然汽费", "手几字太小了"]
    for message in [*messages, "12306买票", "坐地铁怎么用手机扫码", "老年人坐公交免费的卡"]:
        words = normalize(message)
        sounds = pinyin(words)
        by_sound = {
            t.text
            for t in matcher._terms
            if len(t.sound) >= 2
            and any(tuple(sounds[i : i + len(t.sound)]) == t.sound for i in range(len(sounds)))
        }
        by_shape = {
            t.text
            for t in matcher._terms
            if len(t.text) >= MIN_FUZZY_LENGTH
            and fuzz.partial_ratio(t.text, words) >= MIN_FUZZY_RATIO
        }
        assert {t.text for t in matcher._sound_hits(words)} == by_sound, message
        assert {t.text for t in matcher._fuzzy_hits(words)} == by_shape, message
