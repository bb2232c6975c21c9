"""Communities and the residents who joined one, for reports about a single community."""

from __future__ import annotations

import secrets

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import Community, CommunityMember

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o or 1/l/i to misread
CODE_LENGTH = 6
LINK_PREFIX = "c_"  # t.me/<bot>?start=c_<code>


def create(sessions: sessionmaker[Session], name: str) -> Community:
    """A new community with a fresh link code; ValueError when the name is taken."""
    name = name.strip()
    if not name:
        raise ValueError("a community needs a name")
    with sessions.begin() as session:
        if session.scalar(select(Community.id).where(Community.name == name)):
            raise ValueError(f"there is already a community named {name!r}")
        community = Community(name=name, code=_new_code(session))
        session.add(community)
    return community


def find(sessions: sessionmaker[Session], name_or_code: str) -> Community | None:
    """The community with this name or link code."""
    wanted = name_or_code.strip().removeprefix(LINK_PREFIX)
    with sessions() as session:
        return session.scalar(
            select(Community).where(or_(Community.name == wanted, Community.code == wanted))
        )


def listed(sessions: sessionmaker[Session]) -> list[Community]:
    """Every community, by name."""
    with sessions() as session:
        return list(session.scalars(select(Community).order_by(Community.name)))


def join(sessions: sessionmaker[Session], sender_id: str, code: str) -> Community | None:
    """Make the resident a member of the community with this link code (None: no such code)."""
    with sessions.begin() as session:
        community = session.scalar(select(Community).where(Community.code == code))
        if community is None:
            return None
        session.merge(CommunityMember(sender_id=sender_id, community_id=community.id))
        return community


def members(community_id: int) -> Select[tuple[str]]:
    """A query of the community's residents' sender ids, to filter records by."""
    return select(CommunityMember.sender_id).where(CommunityMember.community_id == community_id)


def _new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not session.scalar(select(Community.id).where(Community.code == code)):
            return code
