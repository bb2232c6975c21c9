"""A service an editor adds is found through its aliases at once: no retraining, no restart."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from actions.catalog_index import catalog_index, catalog_service
from actions.request_interpretation import interpret
from catalog import queries
from catalog.models import Category, Service, ServiceAlias
from tests.conftest import build_catalog


def test_a_service_added_to_the_catalog_is_found_by_its_alias(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    with sessions() as session:
        assert interpret("我想办助浴卡", [], catalog_index(session)).service_slug is None
    with sessions.begin() as session:
        category = session.scalars(select(Category)).first()
        session.add(
            Service(
                slug="bathing-card",
                name="老年助浴卡办理",
                category=category,
                summary="…",
                eligibility="…",
                materials=["身份证"],
                offline="…",
                online="…",
                hotline="12345",
                hotline_name="市民热线",
                recap="…",
                aliases=[ServiceAlias(text="助浴卡")],
            )
        )
        queries.mark_catalog_changed(session)
    with sessions() as session:
        reading = interpret("我想办助浴卡 咋个弄", [], catalog_index(session))
    assert reading.service_slug == "bathing-card"


def test_the_index_is_built_once_per_catalog_version(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    with sessions() as session:
        first = catalog_index(session)
        assert catalog_index(session) is first
    with sessions.begin() as session:
        queries.mark_catalog_changed(session)
    with sessions() as session:
        assert catalog_index(session) is not first


def test_a_service_is_read_once_per_version_and_its_edits_show_in_the_next(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    with sessions() as session:
        water = catalog_service(session, "pay-water")
        assert water is not None and catalog_service(session, "pay-water") is water
        assert catalog_service(session, "no-such-service") is None
    first_step = water.steps[0].text  # usable once its session is closed
    with sessions.begin() as session:
        stored = queries.service_by_slug(session, "pay-water")
        stored.steps[0].text = "先打开微信。"
        queries.mark_catalog_changed(session)
    with sessions() as session:
        edited = catalog_service(session, "pay-water")
    assert edited is not water and edited.steps[0].text == "先打开微信。" != first_step
