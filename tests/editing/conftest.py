"""Each test of the editors' work gets its own catalog database, built from the real content/."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from catalog.database import make_engine, make_session_factory
from catalog.models import StaffMember
from editing import drafts
from tests.conftest import build_catalog


@pytest.fixture(scope="session")
def built_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalog database file built once; each test works on a copy of it."""
    path = tmp_path_factory.mktemp("built") / "app.db"
    built = build_catalog(f"sqlite:///{path}")
    built.kw["bind"].dispose()  # closing the last connection folds the write-ahead log in
    return path


@pytest.fixture
def sessions(built_catalog: Path, tmp_path: Path) -> sessionmaker[Session]:
    path = Path(shutil.copy(built_catalog, tmp_path / "app.db"))
    return make_session_factory(make_engine(f"sqlite:///{path}"))


@pytest.fixture
def editor(sessions: sessionmaker[Session]) -> int:
    """The staff id of an editor who saves and publishes."""
    with sessions.begin() as session:
        member = StaffMember(display_name="王编辑", role="editor")
        session.add(member)
        session.flush()
        return member.id


def published(sessions: sessionmaker[Session], kind: str, key: str = drafts.GENERAL) -> Any:
    """A copy of the document residents get now, for a test to change."""
    with sessions() as session:
        return copy.deepcopy(drafts.published(session, kind, key))


def draft_ids(sessions: sessionmaker[Session]) -> dict[str, int]:
    """The pending drafts' ids by their key."""
    with sessions() as session:
        return {draft.key: draft.id for draft in drafts.pending(session)}
