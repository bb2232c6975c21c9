"""The admin checks an edited document with the loader's rules, in Chinese an editor follows."""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from catalog.content_checker import TROUBLE_LABELS, Problem, field_label
from catalog.content_loader import CONTENT_DIR
from catalog.content_schema import TROUBLES
from catalog.document_check import (
    check_categories_document,
    check_general_faqs_document,
    check_service_document,
)
from catalog.yaml_source import read_located_yaml

EXAMPLE = "pension-certification"


def plain(value: Any) -> Any:
    """A located YAML value as the admin stores it: plain JSON values, dates as text."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@cache
def _services() -> dict[str, dict[str, Any]]:
    return {
        path.stem: plain(read_located_yaml(path))
        for path in sorted((CONTENT_DIR / "services").glob("*.yml"))
    }


def services() -> dict[str, dict[str, Any]]:
    """Every service of content/ as a document, a fresh copy a test may change."""
    return copy.deepcopy(_services())


def categories() -> list[dict[str, Any]]:
    return plain(read_located_yaml(CONTENT_DIR / "categories.yml"))


CATEGORY_SLUGS = {category["slug"] for category in categories()}


def check(document: dict[str, Any], slug: str = EXAMPLE) -> list[Problem]:
    others = [other for other_slug, other in services().items() if other_slug != slug]
    return check_service_document(document, others=others, category_slugs=CATEGORY_SLUGS)


@pytest.fixture
def example() -> dict[str, Any]:
    return services()[EXAMPLE]


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(problem) for problem in problems]
    return problems[0]


def test_every_service_of_the_repository_passes_as_a_document() -> None:
    for slug, document in services().items():
        assert check(document, slug) == [], slug


def test_a_valid_document_has_no_problems(example: dict[str, Any]) -> None:
    example["last_verified"] = "2026-01-31"
    assert check(example) == []


def test_a_service_does_not_clash_with_its_own_previous_version(example: dict[str, Any]) -> None:
    example["aliases"].append("养老金生存认证")
    assert check(example) == []


def test_an_alias_another_service_uses_names_that_service(example: dict[str, Any]) -> None:
    new = copy.deepcopy(example)
    new.update(slug="face-check", name="刷脸", aliases=["刷脸认证", "刷个脸"])
    problem = only(check(new, "face-check"))
    assert problem.field == "aliases[1]"
    assert problem.field_label == "第1个别名"
    assert problem.message == "“刷脸认证”已经被“养老金资格认证”(pension-certification) 用了"


def test_a_slug_another_service_has_is_refused(example: dict[str, Any]) -> None:
    example.update(name="新的服务", aliases=["新服务"])
    problem = only(check(example, "a-new-service"))
    assert (problem.field, problem.message) == (
        "slug",
        "“pension-certification”已经是“养老金资格认证”的英文标识了，请换一个",
    )


def test_an_alias_repeated_in_one_service_is_reported(example: dict[str, Any]) -> None:
    example["aliases"].append("养老金资格认证")
    problem = only(check(example))
    assert problem.field_label == f"第{len(example['aliases'])}个别名"
    assert problem.message == "“养老金资格认证”在这项服务的名称和别名里重复了"


def test_a_too_long_step_says_the_limit_and_the_length(example: dict[str, Any]) -> None:
    example["steps"][1]["text"] = "很" * 130
    problem = only(check(example))
    assert problem.field_label == "第2步的内容"
    assert problem.message == "最多 110 个字，现在有 130 个字"


def test_english_in_resident_text_names_the_letters_and_the_plain_word(
    example: dict[str, Any],
) -> None:
    example["steps"][2]["help"]["where"] = "在APP首页最上面。"
    problem = only(check(example))
    assert problem.field == "steps[3].help.where"
    assert problem.field_label == "第3步的帮助（找不到在哪）"
    assert problem.message == "有英文字母“APP”；居民只看中文（APP → 手机软件）"


def test_too_few_and_too_many_steps(example: dict[str, Any]) -> None:
    steps = example["steps"]
    example["steps"] = steps[:2]
    assert only(check(example)).message == "至少要 3 步，现在只有 2 步"
    example["steps"] = steps + steps
    assert only(check(example)).message == "最多 8 步，现在有 10 步，请拆成两项服务"


def test_an_unknown_category_lists_the_ones_to_choose_from(example: dict[str, Any]) -> None:
    example["category"] = "pensions"
    problem = only(check(example))
    assert problem.field_label == "分类"
    assert problem.message.startswith("没有“pensions”这个分类")
    assert "social-security" in problem.message


def test_a_missing_field_must_be_filled_in(example: dict[str, Any]) -> None:
    del example["hotline_name"]
    problem = only(check(example))
    assert (problem.field_label, problem.message) == ("热线名称", "必须填写")


def test_a_date_must_be_written_as_a_day(example: dict[str, Any]) -> None:
    example["last_verified"] = "2026年1月"
    assert only(check(example)).message == "日期请写成 2026-01-31 这样"


def test_how_often_it_recurs_is_checked_in_chinese(example: dict[str, Any]) -> None:
    example["recurs"] = "每年9月1日至12月31日"
    assert check(example) == []
    example["recurs"] = "一年一次"
    problem = only(check(example))
    assert problem.field_label == "多久再办一次"
    assert "看不懂“一年一次”" in problem.message and "每年9月1日至12月31日" in problem.message


def test_a_hotline_and_a_slug_are_checked(example: dict[str, Any]) -> None:
    example["hotline"] = "打12333"
    example["slug"] = "Pension_Certification"
    messages = {problem.field: problem.message for problem in check(example)}
    assert messages["hotline"].startswith("只写数字")
    assert messages["slug"].startswith("只能用小写英文字母")


def test_general_faqs_are_checked_like_the_file() -> None:
    faqs = plain(read_located_yaml(CONTENT_DIR / "faqs" / "general.yml"))
    assert check_general_faqs_document(faqs) == []
    faqs[0]["answer"] = ""
    faqs[1]["alternatives"].append("WiFi连不上")
    problems = check_general_faqs_document(faqs)
    assert [(p.field_label, p.message) for p in problems] == [
        ("第1个常见问题的回答", "必须填写，不能空着"),
        (
            f"第2个常见问题的第{len(faqs[1]['alternatives'])}个其他问法",
            "有英文字母“WiFi”；居民只看中文（APP → 手机软件）",
        ),
    ]
    assert only(check_general_faqs_document([])).message == "至少要写 1 个"


def test_categories_are_checked_like_the_file() -> None:
    menu = categories()
    assert check_categories_document(menu) == []
    menu.append({"slug": "medical", "name": "医疗", "wrods": ["看病"]})
    problems = {(p.field_label, p.message) for p in check_categories_document(menu)}
    assert problems == {
        (f"第{len(menu)}个分类的英文标识", "“medical”和第2个分类重复了"),
        (f"第{len(menu)}个分类的wrods", "没有这一项，是不是名字写错了？"),
    }


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("steps[2].help.where", "第2步的帮助（找不到在哪）"),
        ("steps[1].help.no_response", "第1步的帮助（点了没反应）"),
        ("steps[1].help.wifi", "第1步的帮助（wifi）"),
        ("steps", "办事步骤"),
        ("aliases[3]", "第3个别名"),
        ("faqs[1].question", "第1个常见问题的问题"),
        ("faqs[2].alternatives[1]", "第2个常见问题的第1个其他问法"),
        ("hotline_name", "热线名称"),
        ("materials", "要带的材料"),
        ("sources[1].url", "第1个信息来源的网址"),
        ("categories[2].words[1]", "第2个分类的第1个词"),
        ("(file)", "整个文件"),
        ("hotlien", "hotlien"),
    ],
)
def test_field_labels_are_chinese(field: str, label: str) -> None:
    assert field_label(field) == label
    assert Problem(Path("x.yml"), 1, field, "必须填写").field_label == label


def test_every_trouble_kind_has_a_label() -> None:
    assert set(TROUBLE_LABELS) == set(TROUBLES)


def test_a_problem_still_prints_as_file_line_field_message() -> None:
    problem = Problem(Path("content/services/x.yml"), 7, "steps[2].text", "必须填写")
    assert str(problem) == "content/services/x.yml:7: steps[2].text: 必须填写"
