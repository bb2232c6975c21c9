"""The catalog and records on PostgreSQL, as a multi-instance deployment runs them
(DATABASE_URL=postgresql+psycopg://…). CI starts a server with .ci/postgres."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, select, text

from catalog import queries, records
from catalog.content_loader import import_content, read_content
from catalog.database import make_engine, make_session_factory
from catalog.models import Base, GuideOutcome, Service
from catalog.schema_migration import upgrade_to_head

URL = os.environ.get("TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(
    not URL, reason="needs TEST_POSTGRES_URL (export TEST_POSTGRES_URL=$(bash .ci/postgres))"
)


@pytest.fixture
def engine() -> Iterator[Engine]:
    """A migrated, empty database."""
    engine = make_engine(URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_the_content_imports_and_is_queried(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    import_content(read_content(), sessions)
    import_content(read_content(), sessions)  # a re-import replaces, it does not add
    with sessions() as session:
        service = queries.service_by_slug(session, "pension-certification")
        assert service is not None and service.name == "养老金资格认证"
        assert session.scalar(select(func.count()).select_from(Service)) == len(
            read_content().services
        )


def test_a_failing_import_leaves_the_catalog_as_it_was(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    import_content(read_content(), sessions)
    broken = read_content()
    broken.services[-1].category = "no-such-category"
    with pytest.raises(KeyError):
        import_content(broken, sessions)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Service)) == len(broken.services)


def test_outcomes_are_recorded_with_a_timestamp(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    records.record_outcome(
        sessions,
        sender_id="tg-x",
        service_slug="pay-water",
        step_reached=3,
        total_steps=5,
        outcome="stopped",
    )
    with sessions() as session:
        stored = session.scalars(select(GuideOutcome)).one()
    assert (stored.service_slug, stored.outcome) == ("pay-water", "stopped")
    assert stored.created_at is not None
