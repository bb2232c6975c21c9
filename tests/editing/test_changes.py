"""What a change does, field by field, as editors read it before publishing and in the history."""

from __future__ import annotations

from editing.changes import FieldChange, field_changes, service_name

BEFORE = {"name": "缴纳水费", "summary": "交水费。", "steps": ["一", "二", "三"], "faqs": []}


def test_equal_documents_have_no_changes() -> None:
    assert field_changes(BEFORE, dict(BEFORE)) == []
    assert field_changes(None, None) == []


def test_changed_added_and_removed_fields_are_listed_in_the_documents_order() -> None:
    after = {key: value for key, value in BEFORE.items() if key != "summary"}
    after |= {"name": "交水费", "caution": "看清户号。"}
    assert field_changes(BEFORE, after) == [
        FieldChange("name", "缴纳水费", "交水费"),
        FieldChange("summary", "交水费。", None),
        FieldChange("caution", None, "看清户号。"),
    ]


def test_steps_and_faqs_are_compared_one_by_one_counting_from_one() -> None:
    faq = {"question": "要钱吗？", "answer": "不要。"}
    after = BEFORE | {"steps": ["一", "2", "三", "四"], "faqs": [faq]}
    assert field_changes(BEFORE, after) == [
        FieldChange("steps[2]", "二", "2"),
        FieldChange("steps[4]", None, "四"),
        FieldChange("faqs[1]", None, faq),
    ]


def test_a_new_or_deleted_document_changes_every_field_it_has() -> None:
    created = field_changes(None, BEFORE)
    assert [change.field for change in created][:2] == ["name", "summary"]
    assert all(change.before is None for change in created)
    deleted = field_changes(BEFORE, None)
    assert {change.field: change.before for change in deleted}["name"] == "缴纳水费"
    assert all(change.after is None for change in deleted)


def test_a_changed_list_document_is_one_change() -> None:
    assert field_changes([{"a": 1}], [{"a": 2}]) == [FieldChange("", [{"a": 1}], [{"a": 2}])]


def test_service_name_is_the_first_version_that_has_one() -> None:
    assert service_name(None, BEFORE) == "缴纳水费"
    assert service_name({"name": "新名"}, BEFORE) == "新名"
    assert service_name([{"question": "?"}], None) == ""
    assert service_name() == ""
