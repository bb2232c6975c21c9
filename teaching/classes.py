"""A class: a worker teaches one service to a group, one step at a time at their pace; each
member answers 我做好了 or 我卡住了 on the step, and the worker sees the tally.

Members who join late start at the step the class is on; one who lost the chat gets the steps so
far again. Residents on another channel (WeChat) follow the class by typing its code there: they
get each step privately and answer the same way. Members' Telegram ids (or channels and
addresses) and names are kept only while the class runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import ClassMember, TeachingClass
from handoff.queue import Chat
from handoff.staff import new_code
from teaching.sessions import CODE_LENGTH

ANSWERS = ("done", "stuck")


@dataclass(frozen=True)
class ClassView:
    id: int
    worker_id: int
    chat_id: int
    code: str | None
    service_slug: str
    total_steps: int
    step: int
    status: str
    panel_message_id: int | None


@dataclass(frozen=True)
class Member:
    id: int
    sender_id: str
    telegram_user_id: int | None
    name: str
    chat: Chat | None = None  # where a member on another channel than Telegram is reached


@dataclass(frozen=True)
class Tally:
    """Who is done, stuck, or has not answered on the class's current step."""

    step: int
    total: int
    done: list[Member] = field(default_factory=list)
    stuck: list[Member] = field(default_factory=list)
    waiting: list[Member] = field(default_factory=list)


def start(
    sessions: sessionmaker[Session], worker_id: int, chat_id: int, slug: str, total_steps: int
) -> ClassView:
    """A new class in the group, on step 1; a class still running there ends."""
    with sessions.begin() as session:
        session.execute(
            update(TeachingClass)
            .where(TeachingClass.chat_id == chat_id, TeachingClass.status == "active")
            .values(status="ended")
        )
        taught = TeachingClass(
            worker_id=worker_id,
            chat_id=chat_id,
            code=new_code(CODE_LENGTH),
            service_slug=slug,
            total_steps=total_steps,
            step=1,
        )
        session.add(taught)
        session.flush()
        return _view(taught)


def running_in(sessions: sessionmaker[Session], chat_id: int) -> ClassView | None:
    return _first(sessions, TeachingClass.chat_id == chat_id)


def running_for_worker(sessions: sessionmaker[Session], worker_id: int) -> ClassView | None:
    return _first(sessions, TeachingClass.worker_id == worker_id)


def get(sessions: sessionmaker[Session], class_id: int) -> ClassView | None:
    with sessions() as session:
        taught = session.get(TeachingClass, class_id)
        return _view(taught) if taught else None


def join(
    sessions: sessionmaker[Session],
    code: str,
    sender_id: str,
    chat: Chat,
    name: Callable[[int], str],
) -> tuple[ClassView, Member, bool] | None:
    """A resident on another channel typed a running class's code: the class, the member and
    whether they are new (named `name(n)` when they are the class's n-th member, for the
    worker's panel). None if no such class."""
    with sessions.begin() as session:
        taught = session.scalars(
            select(TeachingClass).where(
                TeachingClass.code == code.strip().upper(), TeachingClass.status == "active"
            )
        ).one_or_none()
        if taught is None:
            return None
        member = _member_row(session, taught.id, sender_id)
        new = member is None
        if member is None:
            number = 1 + len(
                session.scalars(
                    select(ClassMember.id).where(ClassMember.class_id == taught.id)
                ).all()
            )
            member = ClassMember(
                class_id=taught.id,
                sender_id=sender_id,
                joined_step=taught.step,
                display_name=name(number),
            )
            session.add(member)
        member.channel, member.recipient = chat.channel, chat.recipient
        session.flush()
        return _view(taught), _member(member), new


def members_elsewhere(sessions: sessionmaker[Session], class_id: int) -> list[Member]:
    """The class's members on another channel than Telegram, each reached through `chat`."""
    with sessions() as session:
        members = session.scalars(
            select(ClassMember)
            .where(ClassMember.class_id == class_id, ClassMember.recipient.is_not(None))
            .order_by(ClassMember.id)
        ).all()
        return [_member(m) for m in members]


def set_panel(sessions: sessionmaker[Session], class_id: int, message_id: int) -> None:
    with sessions.begin() as session:
        taught = session.get(TeachingClass, class_id)
        if taught is not None:
            taught.panel_message_id = message_id


def advance(sessions: sessionmaker[Session], class_id: int) -> ClassView | None:
    """On to the next step; None when the class is over or already on its last step."""
    with sessions.begin() as session:
        moved = session.execute(
            update(TeachingClass)
            .where(
                TeachingClass.id == class_id,
                TeachingClass.status == "active",
                TeachingClass.step < TeachingClass.total_steps,
            )
            .values(step=TeachingClass.step + 1)
        ).rowcount
    return get(sessions, class_id) if moved else None


def answer(
    sessions: sessionmaker[Session],
    class_id: int,
    *,
    step: int,
    answer: str,
    sender_id: str,
    telegram_user_id: int | None = None,
    name: str | None = None,
) -> tuple[Member, bool] | None:
    """A member's 我做好了 / 我卡住了 on `step`; returns the member and whether they are new to
    the class (a late joiner to catch up). None when the class is over. A member on another
    channel joined first, by the code, and keeps their name."""
    if answer not in ANSWERS:
        raise ValueError(f"unknown answer {answer!r}")
    with sessions.begin() as session:
        taught = session.get(TeachingClass, class_id)
        if taught is None or taught.status != "active":
            return None
        member = _member_row(session, class_id, sender_id)
        new = member is None
        if member is None:
            member = ClassMember(class_id=class_id, sender_id=sender_id, joined_step=taught.step)
            session.add(member)
        if telegram_user_id is not None:
            member.telegram_user_id, member.display_name = telegram_user_id, name
        if answer == "done":
            member.done_step = max(member.done_step or 0, step)
            if member.stuck_step is not None and member.stuck_step <= step:
                member.stuck_step = None
        else:
            member.stuck_step = step
            member.times_stuck = (member.times_stuck or 0) + 1
        session.flush()
        return _member(member), new


def tally(sessions: sessionmaker[Session], class_id: int) -> Tally | None:
    with sessions() as session:
        taught = session.get(TeachingClass, class_id)
        if taught is None:
            return None
        members = session.scalars(
            select(ClassMember).where(ClassMember.class_id == class_id).order_by(ClassMember.id)
        ).all()
        result = Tally(taught.step, taught.total_steps)
        for member in members:
            if member.done_step >= taught.step:
                result.done.append(_member(member))
            elif member.stuck_step == taught.step:
                result.stuck.append(_member(member))
            else:
                result.waiting.append(_member(member))
        return result


def stuck_count(sessions: sessionmaker[Session], class_id: int) -> int:
    """How many members were stuck at least once in the class."""
    with sessions() as session:
        return len(
            session.scalars(
                select(ClassMember.id).where(
                    ClassMember.class_id == class_id, ClassMember.times_stuck > 0
                )
            ).all()
        )


def member(sessions: sessionmaker[Session], member_id: int) -> Member | None:
    with sessions() as session:
        found = session.get(ClassMember, member_id)
        return _member(found) if found else None


def end(sessions: sessionmaker[Session], class_id: int, now: dt.datetime) -> list[Member]:
    """End the class; returns its members (for their recap), whose ids are then forgotten."""
    with sessions.begin() as session:
        taught = session.get(TeachingClass, class_id)
        if taught is None or taught.status != "active":
            return []
        taught.status, taught.ended_at = "ended", now
        members = session.scalars(
            select(ClassMember).where(ClassMember.class_id == class_id).order_by(ClassMember.id)
        ).all()
        attended = [_member(m) for m in members]
        for m in members:
            m.telegram_user_id, m.display_name = None, None
            m.channel, m.recipient = None, None
        return attended


def _member_row(session: Session, class_id: int, sender_id: str) -> ClassMember | None:
    return session.scalars(
        select(ClassMember).where(
            ClassMember.class_id == class_id, ClassMember.sender_id == sender_id
        )
    ).one_or_none()


def _first(sessions: sessionmaker[Session], condition) -> ClassView | None:
    with sessions() as session:
        taught = session.scalars(
            select(TeachingClass)
            .where(condition, TeachingClass.status == "active")
            .order_by(TeachingClass.id.desc())
        ).first()
        return _view(taught) if taught else None


def _view(taught: TeachingClass) -> ClassView:
    return ClassView(
        id=taught.id,
        worker_id=taught.worker_id,
        chat_id=taught.chat_id,
        code=taught.code,
        service_slug=taught.service_slug,
        total_steps=taught.total_steps,
        step=taught.step,
        status=taught.status,
        panel_message_id=taught.panel_message_id,
    )


def _member(member: ClassMember) -> Member:
    return Member(
        id=member.id,
        sender_id=member.sender_id,
        telegram_user_id=member.telegram_user_id,
        name=member.display_name or "",
        chat=Chat(member.channel, recipient=member.recipient) if member.recipient else None,
    )
