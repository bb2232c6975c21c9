"""What a gateway must not lose in a restart: residents' messages received and not yet answered,
and the buttons each resident was last shown; and which updates were already received, so one
delivered twice (to two instances) is answered once; and a channel's API access token, which
its gateway instances share.

A pending turn lives only while its message waits: it is deleted once the resident has the
answer. The chat it came from is kept for that long only, to send the answer there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from catalog.models.base import Base


class PendingTurn(Base):
    """One message on its way to Rasa; `id` keeps each resident's messages in order."""

    __tablename__ = "pending_turns"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    reply_to: Mapped[int | None] = mapped_column(BigInteger)
    # Where the answers go on a channel that addresses people, not chats (a WeChat openid).
    recipient: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    # The gateway instance delivering it; another instance adopts it once that one is gone.
    owner: Mapped[str | None] = mapped_column(String(64), index=True)
    message_metadata: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    received_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class GatewayInstance(Base):
    """A running gateway instance, seen alive at `seen_at` (it says so every few seconds)."""

    __tablename__ = "gateway_instances"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class OfferedChoices(Base):
    """The buttons last shown to a resident on a channel whose keyboard sends back titles:
    title → payload, so a tap after a gateway restart still reaches Rasa as its payload."""

    __tablename__ = "offered_choices"

    sender_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    choices: Mapped[dict[str, str]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class ReceivedUpdate(Base):
    """An update a channel delivered, by the channel's own id: the first delivery is handled,
    any later one (a retry that reached another instance) is dropped. Kept for a day."""

    __tablename__ = "received_updates"

    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class AccessToken(Base):
    """A channel's API access token, shared by the gateway instances: one fetches it (its
    claim holds until `renewing_until`), the others read it; renewed before `expires_at`."""

    __tablename__ = "access_tokens"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # channel and account
    token: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    renewing_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
