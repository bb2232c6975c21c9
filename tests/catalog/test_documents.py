"""The catalog as documents: content/ → database → content/ loses nothing, publishing writes one
document in place, and a build never silently overwrites what editors changed in the admin."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from catalog import queries
from catalog.__main__ import main
from catalog.content_loader import CONTENT_DIR, Content, read_content
from catalog.documents import (
    read_catalog,
    read_content_documents,
    replace_categories,
    replace_general_faqs,
    replace_service,
    service_document,
)
from catalog.models import Faq, GuideStep, Service, ServiceAlias
from catalog.yaml_export import planned_changes, write_content
from tests.conftest import build_catalog

EXAMPLE = "pension-certification"
SAMPLE_COMMENT = "# 示例内容，尚未核实"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of content/ that a test may change."""
    return Path(shutil.copytree(CONTENT_DIR, tmp_path / "content"))


@pytest.fixture
def sessions(tmp_path: Path, content: Path) -> sessionmaker[Session]:
    """A catalog database of its own, built from the copy of content/."""
    return build_catalog(f"sqlite:///{tmp_path / 'app.db'}", content)


@pytest.fixture
def cli_database(tmp_path: Path, sessions, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m catalog` works on the test's database."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")


def without_locations(content: Content) -> Content:
    services = [dataclasses.replace(s, path=Path(), line=0) for s in content.services]
    return dataclasses.replace(content, services=services)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*.yml"))
    }


def export(sessions: sessionmaker[Session], folder: Path) -> None:
    with sessions() as session:
        write_content(read_catalog(session), folder)


def edit_service(sessions: sessionmaker[Session], change, *, origin: str = "editor") -> dict:
    """Publish a change of the example service as the admin will: the document, then a mark."""
    with sessions.begin() as session:
        document = copy.deepcopy(read_catalog(session).services[EXAMPLE])
        change(document)
        replace_service(session, EXAMPLE, document)
        queries.mark_catalog_changed(session, origin=origin)
    return document


def set_first_step(document: dict, text: str) -> None:
    document["steps"][0]["text"] = text


def test_export_then_read_gives_exactly_the_original_content(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    export(sessions, tmp_path / "exported")
    assert without_locations(read_content(tmp_path / "exported")) == without_locations(
        read_content(CONTENT_DIR)
    )


def test_importing_an_export_and_exporting_again_gives_identical_files(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    export(sessions, tmp_path / "first")
    again = build_catalog(f"sqlite:///{tmp_path / 'again.db'}", tmp_path / "first")
    export(again, tmp_path / "second")
    assert files_of(tmp_path / "second") == files_of(tmp_path / "first")
    assert len(files_of(tmp_path / "first")) == len(files_of(CONTENT_DIR))


def test_the_database_and_the_content_files_read_as_the_same_documents(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        assert read_catalog(session) == read_content_documents(CONTENT_DIR)


def test_an_export_without_changes_leaves_every_file_and_comment_alone(
    sessions: sessionmaker[Session], content: Path
) -> None:
    before = files_of(content)
    with sessions() as session:
        assert write_content(read_catalog(session), content) == []
    assert files_of(content) == before
    assert before[f"services/{EXAMPLE}.yml"].decode().startswith(SAMPLE_COMMENT)


def test_a_changed_file_is_rewritten_with_its_leading_comment(
    sessions: sessionmaker[Session], content: Path
) -> None:
    before = files_of(content)
    edit_service(sessions, lambda document: set_first_step(document, "打开手机上的“四川人社”。"))
    export(sessions, content)
    after = files_of(content)
    changed = after.pop(f"services/{EXAMPLE}.yml").decode()
    assert changed.startswith(SAMPLE_COMMENT)
    assert "  - text: 打开手机上的“四川人社”。\n" in changed
    assert after == {name: text for name, text in before.items() if name in after}


def test_a_date_and_a_hotline_keep_their_yaml_form(
    sessions: sessionmaker[Session], content: Path
) -> None:
    def verify(document: dict) -> None:
        document["last_verified"] = "2026-01-31"

    edit_service(sessions, verify)
    export(sessions, content)
    text = (content / "services" / f"{EXAMPLE}.yml").read_text(encoding="utf-8")
    assert "\nlast_verified: 2026-01-31\n" in text and '\nhotline: "12333"\n' in text
    example = next(s for s in read_content(content).services if s.slug == EXAMPLE)
    assert example.last_verified == dt.date(2026, 1, 31)


def test_replace_service_updates_in_place_keeping_the_row(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        row_id = session.scalar(select(Service.id).where(Service.slug == EXAMPLE))

    def change(document: dict) -> None:
        document["aliases"] = [*document["aliases"][1:], "养老刷脸"]
        document["steps"] = document["steps"][:3]
        document["faqs"] = document["faqs"][:1]
        document.pop("caution")

    wanted = edit_service(sessions, change)
    with sessions() as session:
        service = queries.service_by_slug(session, EXAMPLE)
        assert service is not None and service.id == row_id
        assert service.caution is None
        assert service_document(service) == wanted


def test_replace_service_creates_and_deletes_with_everything_it_has(
    sessions: sessionmaker[Session],
) -> None:
    counts_before = row_counts(sessions)
    with sessions.begin() as session:
        document = copy.deepcopy(read_catalog(session).services[EXAMPLE])
        document |= {"slug": "new-service", "name": "新的服务", "aliases": ["新服务别名"]}
        replace_service(session, "new-service", document)
    with sessions() as session:
        assert read_catalog(session).services["new-service"] == document
    assert row_counts(sessions) != counts_before
    with sessions.begin() as session:
        replace_service(session, "new-service", None)
        replace_service(session, "no-such-service", None)
    with sessions() as session:
        assert "new-service" not in read_catalog(session).services
    assert row_counts(sessions) == counts_before


def row_counts(sessions: sessionmaker[Session]) -> list[int]:
    with sessions() as session:
        tables = (Service, ServiceAlias, GuideStep, Faq)
        return [session.scalar(select(func.count()).select_from(table)) for table in tables]


def test_replace_service_refuses_a_document_of_another_slug(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        document = read_catalog(session).services[EXAMPLE]
        with pytest.raises(ValueError):
            replace_service(session, "other-slug", document)


def test_replace_general_faqs_and_categories(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        catalog = read_catalog(session)
        faqs = [*catalog.general_faqs[1:], {"question": "新问题？", "answer": "新回答。"}]
        categories = [{**c, "words": c["words"][:1]} for c in reversed(catalog.categories)]
        replace_general_faqs(session, faqs)
        replace_categories(session, categories)
    with sessions() as session:
        catalog = read_catalog(session)
        assert catalog.general_faqs == faqs
        assert catalog.categories == categories
        assert queries.categories_with_services(session)[0].slug == categories[0]["slug"]


def test_export_deletes_the_file_of_a_deleted_service(
    sessions: sessionmaker[Session], content: Path
) -> None:
    with sessions.begin() as session:
        replace_service(session, EXAMPLE, None)
    export(sessions, content)
    assert not (content / "services" / f"{EXAMPLE}.yml").exists()
    assert EXAMPLE not in {service.slug for service in read_content(content).services}


@pytest.mark.usefixtures("cli_database")
def test_diff_shows_a_changed_step(
    sessions: sessionmaker[Session], content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "--content", str(content)]) == 0
    assert "No difference" in capsys.readouterr().out
    edit_service(sessions, lambda document: set_first_step(document, "打开“天府市民云”。"))
    assert main(["diff", "--content", str(content)]) == 1
    out = capsys.readouterr().out
    assert f"--- a/services/{EXAMPLE}.yml" in out and f"+++ b/services/{EXAMPLE}.yml" in out
    assert "\n-  - text: 打开手机里的“四川人社”。\n" in out
    assert "\n+  - text: 打开“天府市民云”。\n" in out
    assert "categories.yml" not in out


@pytest.mark.usefixtures("cli_database")
def test_build_refuses_to_overwrite_editors_changes_until_forced(
    sessions: sessionmaker[Session], content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_service(sessions, lambda document: set_first_step(document, "打开“天府市民云”。"))
    assert main(["build", "--content", str(content)]) == 2
    err = capsys.readouterr().err
    assert "+  - text: 打开“天府市民云”。" in err
    assert "python -m catalog export" in err and "python -m catalog build --force" in err
    assert first_step(sessions) == "打开“天府市民云”。"

    assert main(["build", "--force", "--content", str(content)]) == 0
    assert first_step(sessions) == "打开手机里的“四川人社”。"
    with sessions() as session:
        assert queries.catalog_origin(session) == "content"


@pytest.mark.usefixtures("cli_database")
def test_after_an_export_content_builds_again(
    sessions: sessionmaker[Session], content: Path
) -> None:
    edit_service(sessions, lambda document: set_first_step(document, "打开“天府市民云”。"))
    assert main(["export", "--content", str(content)]) == 0
    assert "打开“天府市民云”。" in (content / "services" / f"{EXAMPLE}.yml").read_text("utf-8")
    path = content / "services" / f"{EXAMPLE}.yml"
    path.write_text(path.read_text("utf-8").replace("天府市民云”。", "四川人社”。", 1), "utf-8")
    assert main(["build", "--content", str(content)]) == 0
    assert first_step(sessions) == "打开“四川人社”。"


@pytest.mark.usefixtures("cli_database")
def test_build_goes_ahead_when_editors_changes_are_already_in_content(
    sessions: sessionmaker[Session], content: Path
) -> None:
    edit_service(sessions, lambda document: None)
    with sessions() as session:
        assert queries.catalog_origin(session) == "editor"
        assert planned_changes(read_catalog(session), content) == []
    assert main(["build", "--content", str(content)]) == 0


def first_step(sessions: sessionmaker[Session]) -> str:
    with sessions() as session:
        service = queries.service_by_slug(session, EXAMPLE)
        assert service is not None
        return service.steps[0].text
