"""Editors' work on the catalog: drafts not yet published, and every published change.

Content is edited as documents shaped like the files in `content/`: one per service, one for
the general FAQs and one for the menu categories. A draft holds the document an editor wants;
publishing writes it into the catalog tables and keeps the before and after as a revision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base

# What a document is: a service (key: its slug), the general FAQs or the categories (key "all").
DOCUMENT_KINDS = ("service", "general_faqs", "categories")


class ContentDraft(Base):
    """An unpublished change of one document; `document` None means "delete it"."""

    __tablename__ = "content_drafts"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    document: Mapped[Any | None] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class ContentRevision(Base):
    """One published change: the document before and after (None where it did not exist)."""

    __tablename__ = "content_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    before: Mapped[Any | None] = mapped_column(JSON)
    after: Mapped[Any | None] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    published_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    reverts_id: Mapped[int | None] = mapped_column(ForeignKey("content_revisions.id"))
