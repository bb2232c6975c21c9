"""Queries return catalog rows with what callers need already loaded."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from catalog import queries
from catalog.database import make_engine


def test_service_by_slug_has_ordered_steps_and_aliases(
    catalog_sessions: sessionmaker[Session],
) -> None:
    with catalog_sessions() as session:
        service = queries.service_by_slug(session, "pension-certification")
    assert service is not None
    assert service.name == "养老金资格认证"
    assert [step.position for step in service.steps] == list(range(1, len(service.steps) + 1))
    assert "刷脸认证" in [alias.text for alias in service.aliases]
    assert service.category.name == "社保养老"


def test_unknown_slug_is_none(catalog_sessions: sessionmaker[Session]) -> None:
    with catalog_sessions() as session:
        assert queries.service_by_slug(session, "no-such-service") is None


def test_categories_come_in_menu_order_with_their_services(
    catalog_sessions: sessionmaker[Session],
) -> None:
    with catalog_sessions() as session:
        categories = queries.categories_with_services(session)
    assert [c.name for c in categories][:4] == ["社保养老", "看病就医", "生活缴费", "手机使用"]
    assert "养老金资格认证" in [s.name for s in categories[0].services]


def test_faqs_include_general_and_service_questions(
    catalog_sessions: sessionmaker[Session],
) -> None:
    with catalog_sessions() as session:
        faqs = queries.all_faqs(session)
    assert any(faq.service is None for faq in faqs)
    assert any(faq.service and faq.service.slug == "pension-certification" for faq in faqs)


def test_sqlite_databases_use_write_ahead_logging(tmp_path: Path) -> None:
    with make_engine(f"sqlite:///{tmp_path / 'app.db'}").connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_a_service_name_by_its_slug(catalog_sessions) -> None:
    with catalog_sessions() as session:
        assert queries.service_name(session, "pay-water") == "缴纳水费"
        assert queries.service_name(session, "no-such-service") is None


def test_the_recurring_services_are_those_with_a_recurrence(catalog_sessions) -> None:
    with catalog_sessions() as session:
        recurring = queries.recurring_services(session)
        assert all(service.recurs for service in recurring)
        slugs = {service.slug for service in recurring}
    assert {"pension-certification", "medical-insurance-payment"} <= slugs
    assert "pay-water" not in slugs
