"""Each problem of the content checks is shown next to the form field it is about."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from admin.problems import form_field, problems_by_field
from admin.service_form import form_values
from catalog.content_checker import Problem
from catalog.document_check import check_service_document
from catalog.documents import read_content_documents


@pytest.mark.parametrize(
    ("field", "form"),
    [
        ("summary", "summary"),
        ("aliases[3]", "aliases"),
        ("sources[2].supports", "sources"),
        ("steps", "steps"),
        ("steps[2]", "step2"),
        ("steps[2].text", "step2"),
        ("steps[12].help.where", "step12_where"),
        ("steps[1].help.no_response", "step1_no_response"),
        ("faqs[1]", "faq1_question"),
        ("faqs[1].question", "faq1_question"),
        ("faqs[3].answer", "faq3_answer"),
        ("faqs[2].alternatives[4]", "faq2_alternatives"),
    ],
)
def test_a_problems_field_path_names_its_form_field(field: str, form: str) -> None:
    assert form_field(field) == form


def test_problems_are_grouped_by_form_field_in_their_order() -> None:
    path = Path("content/services/pay-water.yml")
    problems = [
        Problem(path, 1, "aliases[1]", "重复了"),
        Problem(path, 1, "faqs[2].answer", "必须填写"),
        Problem(path, 1, "aliases[4]", "太长了"),
    ]
    assert problems_by_field(problems) == {
        "aliases": ["重复了", "太长了"],
        "faq2_answer": ["必须填写"],
    }


def test_the_problems_of_a_broken_service_point_at_fields_its_form_has() -> None:
    document = copy.deepcopy(read_content_documents().services["pay-water"])
    document["summary"] = ""
    document["aliases"].append("缴水费")
    document["steps"][1]["text"] = "点" * 500
    document["steps"][2]["help"]["where"] = "看" * 500
    document["faqs"][1]["answer"] = ""
    document["faqs"][0]["alternatives"].append("")
    problems = check_service_document(document, others=[], category_slugs={"bills"})
    fields = {form_field(problem.field) for problem in problems}
    assert fields == {
        "summary",
        "aliases",
        "step2",
        "step3_where",
        "faq2_answer",
        "faq1_alternatives",
    }
    assert fields <= set(form_values(document))
