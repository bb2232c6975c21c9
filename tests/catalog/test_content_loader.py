"""The loader validates content/ precisely and imports all of it or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from catalog.content_loader import CONTENT_DIR, ContentError, import_content, read_content
from catalog.models import Faq, GuideStep, Service
from tests.conftest import build_catalog

EXAMPLE = "pension-certification"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of content/ that a test may break."""
    return Path(shutil.copytree(CONTENT_DIR, tmp_path / "content"))


def service_file(content: Path, slug: str = EXAMPLE) -> Path:
    return content / "services" / f"{slug}.yml"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if fragment in line)


def only_problem(content: Path) -> str:
    with pytest.raises(ContentError) as caught:
        read_content(content)
    assert len(caught.value.problems) == 1, caught.value
    return str(caught.value.problems[0])


def test_the_repository_content_is_valid() -> None:
    content = read_content()
    assert {s.slug for s in content.services} >= {EXAMPLE}
    assert all(3 <= len(s.steps) <= 8 for s in content.services)


def test_invalid_yaml_names_file_and_line(content: Path) -> None:
    path = service_file(content)
    replace_in(path, "summary: ", "summary: [unclosed ")
    problem = only_problem(content)
    assert problem.startswith(f"services/{EXAMPLE}.yml:") or f"{EXAMPLE}.yml:" in problem
    assert "(yaml)" in problem


def test_missing_field_names_the_field(content: Path) -> None:
    path = service_file(content)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("hotline:")),
        encoding="utf-8",
    )
    assert only_problem(content).endswith("hotline: 必须填写")


def test_overlong_step_names_file_line_and_step(content: Path) -> None:
    path = service_file(content)
    first_step_line = line_of(path, "  - text: 打开")
    replace_in(path, "  - text: 打开", "  - text: " + "很长" * 70 + "打开")
    problem = only_problem(content)
    assert f"{EXAMPLE}.yml:{first_step_line}: steps[1].text:" in problem
    assert "最多 110 个字" in problem


def test_english_in_resident_text_is_refused_with_the_plain_word_to_use(content: Path) -> None:
    path = service_file(content)
    replace_in(path, "summary: ", "summary: 在APP里")
    problem = only_problem(content)
    assert "summary: 有英文字母“APP”" in problem and "手机软件" in problem


def test_help_for_an_unknown_trouble_is_reported(content: Path) -> None:
    path = service_file(content)
    replace_in(path, "    help:\n", "    help:\n      wifi: 连上无线网。\n")
    assert "steps[1].help.wifi: 没有这一项" in only_problem(content)


def test_step_help_is_imported_with_its_step(catalog_sessions) -> None:
    with catalog_sessions() as session:
        step = session.scalars(
            select(GuideStep).join(Service).where(Service.slug == EXAMPLE, GuideStep.position == 1)
        ).one()
    assert step.help.get("plain")


def test_a_hotline_must_be_a_number(content: Path) -> None:
    path = service_file(content)
    text = path.read_text(encoding="utf-8")
    hotline = next(line for line in text.splitlines() if line.startswith("hotline:"))
    replace_in(path, hotline, 'hotline: "打12345"')
    assert "hotline: 只写数字" in only_problem(content)


def test_unknown_field_is_reported_as_a_probable_typo(content: Path) -> None:
    path = service_file(content)
    replace_in(path, "hotline:", 'hotlien: "12345"\nhotline:')
    assert "hotlien: 没有这一项，是不是名字写错了？" in only_problem(content)


def test_alias_used_by_two_services_is_refused(content: Path) -> None:
    other = service_file(content, "zz-copy-of-example")
    shutil.copy(service_file(content), other)
    replace_in(other, f"slug: {EXAMPLE}", "slug: zz-copy-of-example")
    replace_in(other, "name: 养老金资格认证", "name: 另一个服务")
    with pytest.raises(ContentError) as caught:
        read_content(content)
    assert any(
        "已经被“养老金资格认证”(pension-certification) 用了" in str(p)
        for p in caught.value.problems
    )


def test_a_broken_file_leaves_the_database_unchanged(content: Path, tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}", content)
    with sessions() as session:
        before = session.scalars(select(Service.name).order_by(Service.slug)).all()
    replace_in(service_file(content), "name: 养老金资格认证", "name: 改过的名字")
    replace_in(service_file(content), "summary: ", "summary: [broken ")
    with pytest.raises(ContentError):
        import_content(read_content(content), sessions)
    with sessions() as session:
        assert session.scalars(select(Service.name).order_by(Service.slug)).all() == before


def test_a_failing_import_rolls_back_completely(content: Path, tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}", content)
    valid = read_content(content)
    valid.services[-1].category = "no-such-category"  # fails inside the transaction
    with pytest.raises(KeyError):
        import_content(valid, sessions)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Service)) == len(valid.services)
        assert session.scalar(select(func.count()).select_from(GuideStep)) > 0
        assert session.scalar(select(func.count()).select_from(Faq)) > 0


def test_every_step_of_every_guide_can_be_said_more_plainly() -> None:
    missing = [
        f"{service.slug} step {position}"
        for service in read_content().services
        for position, step in enumerate(service.steps, start=1)
        if "plain" not in step.help
    ]
    assert missing == []
