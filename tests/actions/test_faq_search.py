"""FAQs are found by meaning-bearing words, and only when they clearly answer the message."""

from __future__ import annotations

import pytest

from actions.faq_search import FaqEntry, FaqSearch

FAQS = [
    FaqEntry(
        1,
        "pension-certification",
        ("忘了认证会怎么样？", "没去认证养老金会停吗"),
        "超过期限会暂停发放。",
    ),
    FaqEntry(2, "hospital-appointment", ("约好了去不了，能取消吗？",), "可以在原渠道取消。"),
    FaqEntry(3, None, ("你们会问我要银行卡密码吗？",), "不会。"),
]


@pytest.fixture(scope="module")
def search() -> FaqSearch:
    return FaqSearch(FAQS)


@pytest.mark.parametrize(
    ("message", "faq_id"),
    [
        ("没去认证 养老金会不会停嘛", 1),
        ("約好了去不了能取消不", 2),
        ("你们要不要我银行卡密码", 3),
    ],
)
def test_a_question_in_other_words_finds_its_faq(
    search: FaqSearch, message: str, faq_id: int
) -> None:
    hit = search.best(message)
    assert hit is not None and hit.entry.faq_id == faq_id


@pytest.mark.parametrize("message", ["医院的号咋个挂", "养老金认证怎么做", "😀😀", "", "啊啊啊"])
def test_a_message_sharing_a_word_or_two_is_not_answered_with_an_faq(
    search: FaqSearch, message: str
) -> None:
    assert search.best(message) is None
