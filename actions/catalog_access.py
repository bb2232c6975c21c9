"""The action server's connections to the catalog database: the live one, and the preview
that the editors' 试一试 uses (published content with their drafts applied)."""

from __future__ import annotations

from functools import cache

from rasa_sdk import Tracker
from sqlalchemy.orm import Session, sessionmaker

from catalog.database import make_engine, make_session_factory, preview_database_url

PREVIEW_SLOT = "content_preview"


def catalog_sessions(tracker: Tracker) -> sessionmaker[Session]:
    """The session factory for this conversation: the preview catalog when an editor is trying
    out drafts (the `content_preview` slot), otherwise the live catalog."""
    if tracker.get_slot(PREVIEW_SLOT):
        return _preview_sessions()
    return _live_sessions()


@cache
def _live_sessions() -> sessionmaker[Session]:
    return make_session_factory()


@cache
def _preview_sessions() -> sessionmaker[Session]:
    return make_session_factory(make_engine(preview_database_url()))
