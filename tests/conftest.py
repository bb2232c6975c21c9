"""Shared fixtures: a catalog database built from the real content/, in a temporary folder; a
fresh, migrated app database for each test; and a stand-in for Rasa's HTTP server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.orm import Session, sessionmaker

from catalog.content_loader import CONTENT_DIR, import_content, read_content
from catalog.database import PROJECT_ROOT, make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head
from tests.rasa_double import RasaDouble


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
