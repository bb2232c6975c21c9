"""A class followed on WeChat while it runs in a Telegram group: a member joins by the class's
code, answers like any member, is reached at their own address until the class ends, and the
letters between them and the worker go through the outbox, apart from other letters."""

from __future__ import annotations

import datetime as dt

import pytest

from handoff import outbox, staff
from handoff.queue import Chat
from teaching import class_letters, classes

NOW = dt.datetime(2026, 12, 9, 2, 0, tzinfo=dt.timezone.utc)
WECHAT = Chat("wechat", recipient="o-openid-7")


@pytest.fixture
def taught(sessions) -> classes.ClassView:
    code = staff.create_invite(sessions, "worker", NOW, dt.timedelta(days=1))
    worker = staff.join(sessions, code, telegram_user_id=1, display_name="李姐", now=NOW)
    return classes.start(sessions, worker.id, -100_777, "pay-water", 3)


def named(number: int) -> str:
    return f"微信居民{number}"


def test_a_class_has_a_code_a_wechat_resident_joins_by(sessions, taught) -> None:
    assert taught.code and len(taught.code) == 6
    assert classes.join(sessions, "ZZZZZZ", "wx-a", WECHAT, named) is None
    telegram = {"sender_id": "tg-1", "telegram_user_id": 11, "name": "王阿姨"}
    classes.answer(sessions, taught.id, step=1, answer="done", **telegram)
    joined, member, new = classes.join(sessions, f" {taught.code.lower()} ", "wx-a", WECHAT, named)
    assert (joined.id, new, member.name, member.chat) == (taught.id, True, "微信居民2", WECHAT)
    assert classes.join(sessions, taught.code, "wx-a", WECHAT, named)[1:] == (member, False)
    assert classes.members_elsewhere(sessions, taught.id) == [member]


def test_a_wechat_member_answers_keeps_their_name_and_is_forgotten_at_the_end(
    sessions, taught
) -> None:
    classes.join(sessions, taught.code, "wx-a", WECHAT, named)
    member, new = classes.answer(sessions, taught.id, step=1, answer="stuck", sender_id="wx-a")
    assert (member.name, new) == ("微信居民1", False)
    assert [m.name for m in classes.tally(sessions, taught.id).stuck] == ["微信居民1"]
    [attended] = classes.end(sessions, taught.id, NOW)
    assert attended.chat == WECHAT  # for the recap
    assert classes.members_elsewhere(sessions, taught.id) == []
    assert classes.member(sessions, attended.id).chat is None
    assert classes.join(sessions, taught.code, "wx-b", WECHAT, named) is None  # over


def test_class_letters_go_each_way_once_and_apart_from_others(sessions, taught) -> None:
    step = {"text": "第1步", "buttons": [{"title": "我做好了", "payload": "class:1:1:done"}]}
    class_letters.replies_to_member(sessions, taught.id, WECHAT, [step])
    class_letters.answered_to_worker(sessions, taught.id)
    outbox.to_worker(sessions, None, "progress", session_id=None)  # not a class's

    [for_member] = outbox.take(sessions, outbox.RESIDENT, NOW, "wechat")
    assert (for_member.class_id, for_member.chat, for_member.replies) == (
        taught.id,
        WECHAT,
        [step],
    )
    [for_worker] = class_letters.take_for_workers(sessions, NOW)
    assert (for_worker.class_id, for_worker.kind) == (taught.id, class_letters.ANSWERED)
    assert class_letters.take_for_workers(sessions, NOW) == []
