"""Shared fixtures: a catalog database built from the real content/, in a temporary folder; a
fresh, migrated app database for each test; and a stand-in for Rasa's HTTP server. Each
pytest-xdist worker tests PostgreSQL in a database of its own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from catalog.content_loader import CONTENT_DIR, import_content, read_content
from catalog.database import PROJECT_ROOT, make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head
from tests.rasa_double import RasaDouble


def pytest_configure() -> None:
    """Give this xdist worker a database of its own beside TEST_POSTGRES_URL's: the PostgreSQL
    tests drop and recreate the schema, which must not happen under another worker's feet."""
    worker, url = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get("TEST_POSTGRES_URL")
    if worker and url:
        os.environ["TEST_POSTGRES_URL"] = worker_database(url, worker)


def worker_database(url: str, worker: str) -> str:
    """A new, empty database named after `url`'s and `worker`, owned by `url`'s user."""
    shared = make_url(url)
    name = f"{shared.database}_{worker}"
    engine = create_engine(shared, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return shared.set(database=name).render_as_string(hide_password=False)


def load_domain() -> dict[str, Any]:
    """The real domain.yml, as Rasa sends it to the action server."""
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


def build_catalog(url: str, content_dir: Path = CONTENT_DIR) -> sessionmaker[Session]:
    """Migrate the database at `url` and import `content_dir` into it."""
    engine = make_engine(url)
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    import_content(read_content(content_dir), sessions)
    return sessions


@pytest.fixture(scope="session")
def catalog_sessions(tmp_path_factory: pytest.TempPathFactory) -> sessionmaker[Session]:
    """Sessions on a catalog built from the repository's content, shared by the whole run."""
    return build_catalog(f"sqlite:///{tmp_path_factory.mktemp('catalog') / 'app.db'}")


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    """A fresh, migrated, empty app database for one test."""
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade_to_head(engine)
    return make_session_factory(engine)


@pytest.fixture
def rasa_double() -> Iterator[RasaDouble]:
    """A loopback HTTP server answering as Rasa would, recording each request."""
    double = RasaDouble()
    yield double
    double.stop()
