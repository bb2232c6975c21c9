"""The service editor's form: a document shown as fields reads back as the same document, so
saving an unchanged form changes nothing; empty slots are left out."""

from __future__ import annotations

from functools import cache

import pytest

from admin.service_form import (
    SPARE_FAQS,
    faq_documents,
    faq_slots,
    faq_values,
    form_values,
    service_document,
)
from catalog.documents import CatalogDocuments, read_content_documents


@cache
def content() -> CatalogDocuments:
    return read_content_documents()


def test_a_service_without_its_optional_parts_reads_back_the_same() -> None:
    """The content's services all have step help; this one has none, nor caution, FAQs,
    sources, and it was checked on a day."""
    document = dict(content().services["pay-water"])
    for key in ("caution", "faqs", "sources"):
        document.pop(key, None)
    document["steps"] = [step["text"] for step in document["steps"]]
    document["last_verified"] = "2026-01-31"
    assert service_document(form_values(document)) == document


@pytest.mark.parametrize("slug", sorted(content().services))
def test_every_service_reads_back_as_the_same_document(slug: str) -> None:
    document = content().services[slug]
    assert service_document(form_values(document)) == document


def test_the_general_faqs_read_back_as_the_same_documents() -> None:
    faqs = content().general_faqs
    assert faq_documents(faq_values(faqs)) == faqs


def test_blank_step_and_faq_slots_are_left_out_and_text_is_trimmed() -> None:
    form = {
        "slug": " pay-water ",
        "aliases": "交水费\n\n  水费 \n",
        "step1": "打开微信。",
        "step2": "   ",
        "step3": "点“生活缴费”。",
        "faq1_question": "",
        "faq1_answer": "",
        "faq2_question": "要钱吗？",
        "faq2_answer": " 不要钱。 ",
    }
    document = service_document(form)
    assert document["slug"] == "pay-water" and document["aliases"] == ["交水费", "水费"]
    assert document["steps"] == ["打开微信。", "点“生活缴费”。"]
    assert document["faqs"] == [{"question": "要钱吗？", "answer": "不要钱。"}]


def test_optional_fields_left_blank_are_left_out() -> None:
    document = service_document({"caution": " ", "sources": "\n", "last_verified": ""})
    assert "caution" not in document and "sources" not in document and "faqs" not in document
    assert document["last_verified"] is None and document["steps"] == []


def test_a_step_with_help_becomes_text_and_help_in_the_troubles_order() -> None:
    form = {
        "step1": "打开微信。",
        "step1_plain": "点开微信。",
        "step1_app": "",
        "step1_where": "绿色的图标。",
        "step2_where": "在最下面。",
    }
    assert service_document(form)["steps"] == [
        {"text": "打开微信。", "help": {"where": "绿色的图标。", "plain": "点开微信。"}},
        {"text": "", "help": {"where": "在最下面。"}},  # kept, so the check asks for the text
    ]


def test_the_form_offers_spare_faq_slots_after_the_filled_ones() -> None:
    assert faq_slots({}) == SPARE_FAQS
    assert faq_slots({"faq1_question": "?", "faq3_answer": "!"}) == 3 + SPARE_FAQS
