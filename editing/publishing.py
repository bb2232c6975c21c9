"""Publishing drafts and reverting published changes.

Both write the catalog tables, keep the before and after as a revision and give the catalog a
new version in one transaction, so the action server's index follows within one message and
residents see the change with no retraining and no restart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from catalog import documents, queries
from catalog.content_checker import Problem
from catalog.models import ContentDraft, ContentRevision, StaffMember
from editing import drafts
from editing.changes import FieldChange, field_changes, service_name


@dataclass(frozen=True)
class Revision:
    """A published change as the history page shows it."""

    id: int
    kind: str
    key: str
    name: str  # the service's name; "" for the general FAQs and the categories
    author: str
    published_at: dt.datetime
    reverts_id: int | None
    changes: list[FieldChange]


class Refused(Exception):
    """The change does not fit the published catalog; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


class PublishRefused(Refused):
    """The chosen drafts only fit with others not chosen (say, one frees an alias)."""


class RevertRefused(Refused):
    """The old version no longer fits (say, its alias is now another service's)."""


def publish(
    sessions: sessionmaker[Session], draft_ids: Sequence[int], author_id: int | None
) -> list[int]:
    """Make these drafts live; returns the new revisions' ids.

    Raises `PublishRefused` when they break a rule without the drafts left unpublished.
    """
    with sessions.begin() as session:
        chosen = session.scalars(
            select(ContentDraft).where(ContentDraft.id.in_(draft_ids)).order_by(ContentDraft.id)
        ).all()
        target = drafts.with_drafts(documents.read_catalog(session), chosen)
        found = [
            problem
            for draft in chosen
            if draft.document is not None
            for problem in drafts.problems_in(target, draft.kind, draft.key, draft.document)
        ]
        if found:
            raise PublishRefused(found)
        revisions = [
            _apply(session, draft.kind, draft.key, draft.document, author_id) for draft in chosen
        ]
        for draft in chosen:
            session.delete(draft)
        if revisions:
            queries.mark_catalog_changed(session, origin="editor")
        session.flush()
        return [revision.id for revision in revisions]


def revert(sessions: sessionmaker[Session], revision_id: int, author_id: int | None) -> int:
    """Put back what was there before this revision, as a new revision; returns its id.

    Raises `RevertRefused` when the old version breaks a rule against today's catalog.
    """
    with sessions.begin() as session:
        old = session.get(ContentRevision, revision_id)
        if old is None:
            raise LookupError(revision_id)
        if old.before is not None:
            published = documents.read_catalog(session)
            found = drafts.problems_in(published, old.kind, old.key, old.before)
            if found:
                raise RevertRefused(found)
        revision = _apply(session, old.kind, old.key, old.before, author_id)
        revision.reverts_id = old.id
        queries.mark_catalog_changed(session, origin="editor")
        session.flush()
        return revision.id


def history(session: Session, limit: int = 100) -> list[Revision]:
    """The latest published changes, newest first."""
    rows = session.execute(
        select(ContentRevision, StaffMember.display_name)
        .outerjoin(StaffMember, StaffMember.id == ContentRevision.author_id)
        .order_by(ContentRevision.id.desc())
        .limit(limit)
    )
    return [
        Revision(
            revision.id,
            revision.kind,
            revision.key,
            service_name(revision.after, revision.before),
            author or "",
            revision.published_at,
            revision.reverts_id,
            field_changes(revision.before, revision.after),
        )
        for revision, author in rows
    ]


def _apply(
    session: Session, kind: str, key: str, document: Any, author_id: int | None
) -> ContentRevision:
    before = drafts.published(session, kind, key)
    if kind == "service":
        documents.replace_service(session, key, document)
    elif kind == "general_faqs":
        documents.replace_general_faqs(session, document or [])
    else:
        documents.replace_categories(session, document or [])
    revision = ContentRevision(
        kind=kind, key=key, before=before, after=document, author_id=author_id
    )
    session.add(revision)
    return revision
