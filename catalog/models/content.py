"""Tables of the service catalog: categories, services, their guides, aliases and FAQs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models.base import Base


class Category(Base):
    """A group of services shown together in the main menu (社保养老, 看病就医, …)."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    position: Mapped[int]
    # Words for the whole area (手机, 看病): naming only the area gets its services offered.
    words: Mapped[list[str]] = mapped_column(JSON, default=list)

    services: Mapped[list[Service]] = relationship(
        back_populates="category", order_by="Service.name"
    )


class Service(Base):
    """A public service a resident may need, with everything a guide tells them about it."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    summary: Mapped[str] = mapped_column(Text)
    eligibility: Mapped[str] = mapped_column(Text)
    materials: Mapped[list[str]] = mapped_column(JSON)
    offline: Mapped[str] = mapped_column(Text)
    online: Mapped[str] = mapped_column(Text)
    hotline: Mapped[str] = mapped_column(String(32))
    hotline_name: Mapped[str] = mapped_column(String(32))
    caution: Mapped[str | None] = mapped_column(Text)  # a health or money caveat before step 1
    recap: Mapped[str] = mapped_column(Text)  # the closing summary, true to the route taught
    recurs: Mapped[str | None] = mapped_column(String(32))  # catalog.recurrence: 每年, …
    sources: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    last_verified: Mapped[dt.date | None] = mapped_column(Date)

    category: Mapped[Category] = relationship(back_populates="services")
    aliases: Mapped[list[ServiceAlias]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="ServiceAlias.id"
    )
    steps: Mapped[list[GuideStep]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="GuideStep.position"
    )
    faqs: Mapped[list[Faq]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Faq.id"
    )


class ServiceAlias(Base):
    """Another word residents use for a service (养老认证, 刷脸认证, …)."""

    __tablename__ = "service_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(64), unique=True)

    service: Mapped[Service] = relationship(back_populates="aliases")


class GuideStep(Base):
    """One small step of a service's guide; `position` starts at 1."""

    __tablename__ = "guide_steps"
    __table_args__ = (UniqueConstraint("service_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    # Help for the common troubles on this step: trouble kind (where, app, code, …) -> short text.
    help: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    service: Mapped[Service] = relationship(back_populates="steps")


class Faq(Base):
    """A frequently asked question; general when it belongs to no service."""

    __tablename__ = "faqs"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(Text)
    alternatives: Mapped[list[str]] = mapped_column(JSON)
    answer: Mapped[str] = mapped_column(Text)

    service: Mapped[Service | None] = relationship(back_populates="faqs")


class CatalogVersion(Base):
    """One row naming the catalog's current content; every change of content gives a new one,
    so readers can keep what they built from the catalog until it changes."""

    __tablename__ = "catalog_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(32))
    # Who made it: "content" (imported from `content/`) or "editor" (published in the admin).
    origin: Mapped[str] = mapped_column(String(16), default="content", server_default="content")
