"""Where the database lives and how to open sessions on it.

SQLite in the git-ignored `var/` directory by default; `DATABASE_URL` switches to another
database (PostgreSQL in multi-instance deployments).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DATA_DIR", PROJECT_ROOT / "var"))


def database_url() -> str:
    """The configured database URL (`DATABASE_URL`), or the default SQLite file."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'app.db'}"


def preview_database_url() -> str:
    """Where the editors' preview catalog lives (`PREVIEW_DATABASE_URL`): the published content
    with the drafts applied, rebuilt for each 试一试 and read by the actions only then."""
    return os.environ.get("PREVIEW_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'preview.db'}"


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default: `database_url()`), creating the SQLite folder if needed."""
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def make_session_factory(engine: Engine | None = None) -> sessionmaker[Session]:
    """A session factory bound to `engine`; create it once per process."""
    return sessionmaker(engine or make_engine(), expire_on_commit=False)


def _configure_sqlite(dbapi_connection, _record) -> None:
    """Foreign keys on; write-ahead logging, so readers (every resident's message) never wait
    for a writer (an import, a record) and a writer never waits for them."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
