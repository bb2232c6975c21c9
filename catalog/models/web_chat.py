"""Conversations of residents in the web chat: the random id their device keeps, and the
recent messages (masked) the page shows again after a reload. Forgotten when the resident
starts afresh (换一个人用)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base


class WebConversation(Base):
    """One device's conversation: `id` is the random id the page keeps (the only thing it
    keeps), `sender_id` the resident's Rasa sender id."""

    __tablename__ = "web_conversations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class WebMessage(Base):
    """One line of a web conversation as the page shows it: the resident's words, the
    assistant's reply (with its buttons: title and payload), a worker's words or the gateway's
    notice."""

    __tablename__ = "web_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("web_conversations.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    sent_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
