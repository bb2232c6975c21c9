"""Linking a family helper to a resident, and ending it.

invited (the resident got a code, valid for a day) → naming (a helper opened it and says who
they are) → asking (the resident is asked) → linked; or declined by the resident, removed by the
resident, left by the helper. A code opens once; nobody helps themselves; a resident has at most
`MAX_HELPERS`. Where each of them is reached is kept while the link is open, and forgotten once
the helper was told it ended."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import FamilyLink
from handoff.clock import as_utc
from handoff.queue import Chat
from handoff.staff import new_code

MAX_HELPERS = 5
CODE_LENGTH = 6
LINK_PREFIX = "f_"  # a link's start parameter: f_<code>
VALID_FOR = dt.timedelta(hours=24)
HELPING = ("naming", "asking", "linked")  # a helper's place is taken
ENDED = ("declined", "removed", "left")
MAX_RELATION_CHARS = 8


@dataclass(frozen=True)
class Link:
    id: int
    resident_sender_id: str
    code: str | None
    status: str
    relation: str | None
    resident_chat: Chat | None
    helper_sender_id: str | None
    helper_chat: Chat | None
    expires_at: dt.datetime


@dataclass(frozen=True)
class Helper:
    """Who opened a code: their own sender id on their channel, and where they are reached."""

    sender_id: str
    chat: Chat


def invite(sessions: sessionmaker[Session], resident: str, now: dt.datetime) -> Link | None:
    """A new code for the resident to send a family member; None when they have the most
    helpers already. An earlier code nobody opened stops working."""
    with sessions.begin() as session:
        taken = session.scalar(
            select(func.count(FamilyLink.id)).where(
                FamilyLink.resident_sender_id == resident, FamilyLink.status.in_(HELPING)
            )
        )
        if taken >= MAX_HELPERS:
            return None
        session.execute(
            update(FamilyLink)
            .where(FamilyLink.resident_sender_id == resident, FamilyLink.status == "invited")
            .values(status="expired", code=None)
        )
        link = FamilyLink(
            resident_sender_id=resident,
            code=new_code(CODE_LENGTH),
            status="invited",
            expires_at=now + VALID_FOR,
        )
        session.add(link)
        session.flush()
        return view(link)


def register_resident_chat(sessions: sessionmaker[Session], link_id: int, chat: Chat) -> None:
    """Where the resident who asked for the code is reached (their gateway knows)."""
    with sessions.begin() as session:
        link = session.get(FamilyLink, link_id)
        if link is not None and link.status not in ENDED:
            link.resident_channel = chat.channel
            link.resident_chat_id, link.resident_recipient = chat.chat_id, chat.recipient


def open_code(
    sessions: sessionmaker[Session], code: str, helper: Helper, now: dt.datetime
) -> Link | None:
    """A family member opened a resident's code: they are asked who they are next. None for a
    code that does not exist, was opened already, expired, or is the helper's own."""
    with sessions.begin() as session:
        link = session.scalars(
            select(FamilyLink).where(
                FamilyLink.code == code.strip().upper(), FamilyLink.status == "invited"
            )
        ).one_or_none()
        if link is None or as_utc(link.expires_at) <= now:
            return None
        if link.resident_sender_id == helper.sender_id:
            return None
        link.status, link.code = "naming", None
        link.helper_sender_id = helper.sender_id
        link.helper_channel = helper.chat.channel
        link.helper_chat_id, link.helper_recipient = helper.chat.chat_id, helper.chat.recipient
        return view(link)


def naming_by(sessions: sessionmaker[Session], helper_sender: str) -> Link | None:
    """The link whose helper is to say who they are, if any."""
    with sessions() as session:
        link = session.scalars(
            select(FamilyLink)
            .where(FamilyLink.helper_sender_id == helper_sender, FamilyLink.status == "naming")
            .order_by(FamilyLink.id.desc())
        ).first()
        return view(link) if link else None


def name(
    sessions: sessionmaker[Session], link_id: int, helper_sender: str, relation: str
) -> Link | None:
    """The helper said who they are (儿子, 女儿, a name): the resident is asked next."""
    relation = relation.strip()[:MAX_RELATION_CHARS]
    with sessions.begin() as session:
        link = session.get(FamilyLink, link_id)
        if link is None or link.status != "naming" or link.helper_sender_id != helper_sender:
            return None
        if not relation:
            return None
        link.status, link.relation = "asking", relation
        return view(link)


def answer(
    sessions: sessionmaker[Session], resident: str, link_id: int, agreed: bool, now: dt.datetime
) -> Link | None:
    """The resident's yes or no to a helper; None when there was no such question for them."""
    with sessions.begin() as session:
        link = session.get(FamilyLink, link_id)
        if link is None or link.resident_sender_id != resident or link.status != "asking":
            return None
        if agreed:
            link.status, link.linked_at = "linked", now
        else:
            link.status, link.ended_at = "declined", now
        return view(link)


def helpers_of(sessions: sessionmaker[Session], resident: str) -> list[Link]:
    """The resident's linked helpers, first linked first."""
    return _where(
        sessions, FamilyLink.resident_sender_id == resident, FamilyLink.status == "linked"
    )


def asking_for(sessions: sessionmaker[Session], resident: str) -> list[Link]:
    """The helpers waiting for the resident's yes or no."""
    return _where(
        sessions, FamilyLink.resident_sender_id == resident, FamilyLink.status == "asking"
    )


def helping(sessions: sessionmaker[Session], helper_sender: str) -> list[Link]:
    """The residents this person helps."""
    return _where(
        sessions, FamilyLink.helper_sender_id == helper_sender, FamilyLink.status == "linked"
    )


def remove(
    sessions: sessionmaker[Session], resident: str, link_id: int, now: dt.datetime
) -> Link | None:
    """The resident removes a helper: at once, whatever they were doing."""
    return _end(sessions, link_id, "removed", now, FamilyLink.resident_sender_id == resident)


def leave(
    sessions: sessionmaker[Session], helper_sender: str, link_id: int, now: dt.datetime
) -> Link | None:
    """The helper stops helping this resident."""
    return _end(sessions, link_id, "left", now, FamilyLink.helper_sender_id == helper_sender)


def untold(sessions: sessionmaker[Session], channel: str) -> list[Link]:
    """Links on `channel`'s helpers whose change (linked, declined, removed) they were not told."""
    return _where(
        sessions,
        FamilyLink.helper_channel == channel,
        FamilyLink.status.in_(("linked", "declined", "removed")),
        (FamilyLink.helper_told.is_(None)) | (FamilyLink.helper_told != FamilyLink.status),
    )


def told(sessions: sessionmaker[Session], link_id: int, status: str) -> None:
    """The helper was told the link became `status`; an ended link forgets both addresses."""
    with sessions.begin() as session:
        link = session.get(FamilyLink, link_id)
        if link is None or link.status != status:
            return
        link.helper_told = status
        if status in ENDED:
            _forget_addresses(link)


def linked_count(sessions: sessionmaker[Session]) -> int:
    """How many helpers are linked now."""
    with sessions() as session:
        return session.scalar(
            select(func.count(FamilyLink.id)).where(FamilyLink.status == "linked")
        )


def _end(
    sessions: sessionmaker[Session], link_id: int, status: str, now: dt.datetime, whose
) -> Link | None:
    with sessions.begin() as session:
        link = session.scalars(
            select(FamilyLink).where(
                FamilyLink.id == link_id, whose, FamilyLink.status.in_(HELPING)
            )
        ).one_or_none()
        if link is None:
            return None
        link.status, link.ended_at = status, now
        if status == "left":  # the helper knows: nothing to tell them
            link.helper_told = status
            _forget_addresses(link)
        return view(link)


def _forget_addresses(link: FamilyLink) -> None:
    link.resident_chat_id = link.resident_recipient = None
    link.helper_chat_id = link.helper_recipient = None


def _where(sessions: sessionmaker[Session], *conditions) -> list[Link]:
    with sessions() as session:
        links = session.scalars(select(FamilyLink).where(*conditions).order_by(FamilyLink.id))
        return [view(link) for link in links]


def view(link: FamilyLink) -> Link:
    """The link as the rules and gateways read it."""
    return Link(
        id=link.id,
        resident_sender_id=link.resident_sender_id,
        code=link.code,
        status=link.status,
        relation=link.relation,
        resident_chat=_chat(link.resident_channel, link.resident_chat_id, link.resident_recipient),
        helper_sender_id=link.helper_sender_id,
        helper_chat=_chat(link.helper_channel, link.helper_chat_id, link.helper_recipient),
        expires_at=as_utc(link.expires_at),
    )


def _chat(channel: str | None, chat_id: int | None, recipient: str | None) -> Chat | None:
    if channel is None or (chat_id is None and recipient is None):
        return None
    return Chat(channel, chat_id, recipient)
