"""Drafts: kept only when the content loader's checks pass, unseen by residents until published,
listed with what they change."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from catalog import queries
from catalog.documents import read_catalog
from editing import drafts
from editing.changes import FieldChange
from tests.editing.conftest import draft_ids, published

WATER, GAS = "pay-water", "pay-gas"


def test_a_saved_draft_is_the_editing_copy_but_residents_still_get_the_published_one(
    sessions: sessionmaker[Session], editor: int
) -> None:
    with sessions() as session:
        version = queries.catalog_version(session)
    document = published(sessions, "service", WATER)
    document["summary"] = "在手机上交水费。"
    assert drafts.save(sessions, "service", WATER, document, editor) == []
    with sessions() as session:
        assert drafts.editing_copy(session, "service", WATER) == document
        assert drafts.published(session, "service", WATER)["summary"] != "在手机上交水费。"
        assert read_catalog(session).services[WATER]["summary"] != "在手机上交水费。"
        assert queries.catalog_version(session) == version


def test_without_a_draft_the_editing_copy_is_the_published_document(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        assert drafts.editing_copy(session, "service", WATER) == drafts.published(
            session, "service", WATER
        )
        assert drafts.editing_copy(session, "service", "no-such-service") is None
        assert drafts.editing_copy(session, "general_faqs", drafts.GENERAL)
        assert drafts.editing_copy(session, "categories", drafts.GENERAL)


def test_a_draft_with_problems_is_not_kept(sessions: sessionmaker[Session], editor: int) -> None:
    document = published(sessions, "service", WATER)
    document["summary"] = ""
    found = drafts.save(sessions, "service", WATER, document, editor)
    assert [problem.field for problem in found] == ["summary"]
    assert draft_ids(sessions) == {}


def test_a_draft_may_not_take_another_services_alias(
    sessions: sessionmaker[Session], editor: int
) -> None:
    document = published(sessions, "service", WATER)
    document["aliases"].append("燃气费")
    [problem] = drafts.save(sessions, "service", WATER, document, editor)
    assert problem.field == f"aliases[{len(document['aliases'])}]"
    assert "缴纳燃气费" in problem.message
    assert draft_ids(sessions) == {}


def test_a_draft_is_checked_against_the_other_drafts_too(
    sessions: sessionmaker[Session], editor: int
) -> None:
    water = published(sessions, "service", WATER)
    water["aliases"].append("自来水")
    assert drafts.save(sessions, "service", WATER, water, editor) == []
    gas = published(sessions, "service", GAS)
    gas["aliases"].append("自来水")
    assert drafts.save(sessions, "service", GAS, gas, editor)
    assert list(draft_ids(sessions)) == [WATER]


def test_saving_again_replaces_the_one_draft_of_a_document(
    sessions: sessionmaker[Session], editor: int
) -> None:
    document = published(sessions, "service", WATER)
    for summary in ("第一稿。", "第二稿。"):
        document["summary"] = summary
        assert drafts.save(sessions, "service", WATER, document, editor) == []
    with sessions() as session:
        [draft] = drafts.pending(session)
        assert draft.changes[0].after == "第二稿。"


def test_discarding_a_draft_leaves_the_published_document(
    sessions: sessionmaker[Session], editor: int
) -> None:
    document = published(sessions, "service", WATER)
    document["summary"] = "不要了。"
    drafts.save(sessions, "service", WATER, document, editor)
    drafts.discard(sessions, draft_ids(sessions)[WATER])
    drafts.discard(sessions, 12345)  # gone already: nothing to do
    assert draft_ids(sessions) == {}
    with sessions() as session:
        assert drafts.editing_copy(session, "service", WATER)["summary"] != "不要了。"


def test_pending_lists_drafts_newest_first_with_their_field_changes(
    sessions: sessionmaker[Session], editor: int
) -> None:
    water = published(sessions, "service", WATER)
    old_step = water["steps"][1]
    water["steps"][1] = "点“生活缴费”，再点“水费”两个字。"
    drafts.save(sessions, "service", WATER, water, editor)
    gas = published(sessions, "service", GAS)
    gas["caution"] = "闻到煤气味先关阀门、开窗。"
    del gas["faqs"]
    drafts.save(sessions, "service", GAS, gas, None)
    with sessions() as session:
        newest, oldest = drafts.pending(session)
    assert (newest.key, newest.name, newest.author) == (GAS, "缴纳燃气费", "")
    assert [change.field for change in newest.changes] == ["caution", "faqs"]
    assert newest.changes[1].after is None
    assert (oldest.kind, oldest.name, oldest.author) == ("service", "缴纳水费", "王编辑")
    assert oldest.changes == [FieldChange("steps[2]", old_step, water["steps"][1])]


def test_a_deletion_is_a_draft_named_after_the_service_it_removes(
    sessions: sessionmaker[Session], editor: int
) -> None:
    assert drafts.save(sessions, "service", WATER, None, editor) == []
    with sessions() as session:
        [draft] = drafts.pending(session)
        assert draft.name == "缴纳水费"
        assert {change.field for change in draft.changes} >= {"name", "steps"}
        assert all(change.after is None for change in draft.changes)
        assert WATER not in drafts.working_catalog(session).services
        assert WATER in read_catalog(session).services


def test_the_working_catalog_applies_every_draft(
    sessions: sessionmaker[Session], editor: int
) -> None:
    new = published(sessions, "service", WATER) | {
        "slug": "aa-new-service",
        "name": "新的服务",
        "aliases": ["新服务别名"],
    }
    assert drafts.save(sessions, "service", "aa-new-service", new, editor) == []
    assert drafts.save(sessions, "service", GAS, None, editor) == []
    faqs = published(sessions, "general_faqs")[:1]
    assert drafts.save(sessions, "general_faqs", drafts.GENERAL, faqs, editor) == []
    categories = published(sessions, "categories")
    categories[0]["name"] = "养老社保"
    assert drafts.save(sessions, "categories", drafts.GENERAL, categories, editor) == []
    with sessions() as session:
        working, live = drafts.working_catalog(session), read_catalog(session)
    assert list(working.services) == sorted({*live.services, "aa-new-service"} - {GAS})
    assert working.services["aa-new-service"] == new
    assert (working.general_faqs, working.categories) == (faqs, categories)


def test_general_faqs_need_at_least_one_question(
    sessions: sessionmaker[Session], editor: int
) -> None:
    assert drafts.save(sessions, "general_faqs", drafts.GENERAL, [], editor)
    assert draft_ids(sessions) == {}


def test_a_categories_draft_may_not_remove_a_category_services_are_in(
    sessions: sessionmaker[Session], editor: int
) -> None:
    """Known bug: only the categories themselves are checked; publishing this fails in the
    database, and until then every service of 生活缴费 fails its checks."""
    categories = [c for c in published(sessions, "categories") if c["slug"] != "bills"]
    assert drafts.save(sessions, "categories", drafts.GENERAL, categories, editor)
    assert draft_ids(sessions) == {}
