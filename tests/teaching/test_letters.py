"""A guided session whose resident is on WeChat and whose worker is on Telegram: their consent,
progress and Rasa's replies go through the outbox, each taken once by the gateway that reaches
its recipient, and apart from the letters of help requests."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from handoff import outbox, staff
from handoff.queue import Chat
from teaching import letters, sessions
from teaching.sessions import Progress

NOW = dt.datetime(2026, 12, 8, 2, 0, tzinfo=dt.timezone.utc)
WECHAT = Chat("wechat", recipient="o-openid-1")


@pytest.fixture
def db(sessions):
    return sessions


@pytest.fixture
def guided(db) -> sessions.GuidedSessionView:
    code = staff.create_invite(db, "worker", NOW, dt.timedelta(days=1))
    worker = staff.join(db, code, telegram_user_id=1, display_name="李姐", now=NOW)
    created = sessions.create(db, worker.id)
    opened = sessions.open_code(db, created.code, "wx-a", WECHAT)
    assert opened.chat == WECHAT
    return sessions.answer_consent(db, created.id, "wx-a", True, NOW)


def guide(event: str, step: int, said: str = "") -> dict:
    return {
        "guide": {"service": "pay-water", "step": step, "total": 5, "event": event, "said": said}
    }


def test_a_typed_code_is_told_from_other_words() -> None:
    assert sessions.looks_like_code(" ab3dEF ")
    assert not sessions.looks_like_code("交水费")
    assert not sessions.looks_like_code("ABCDEFG")


def test_consent_and_progress_reach_the_workers_gateway_once_and_masked(db, guided) -> None:
    letters.consent_to_worker(db, guided.id, True)
    assert letters.progress_to_worker(db, "wx-a", guide("stuck", 2, "我电话13812345678"))
    assert not letters.progress_to_worker(db, "wx-other", guide("step", 2))  # in no session
    assert not letters.progress_to_worker(db, "wx-a", {"request": 3})  # no progress

    assert outbox.take(db, outbox.WORKER, NOW, about=outbox.REQUEST) == []  # not the relay's
    taken = letters.take_for_workers(db, NOW)
    assert [(letter.kind, letter.session_id) for letter in taken] == [
        (letters.AGREED, guided.id),
        (letters.PROGRESS, guided.id),
    ]
    assert letters.progress_of(taken[0]) is None
    stuck = letters.progress_of(taken[1])
    assert dataclasses.astuple(stuck) == ("pay-water", 2, 5, "stuck", "我电话138****5678")
    assert letters.take_for_workers(db, NOW) == []


def test_rasas_replies_reach_the_residents_gateway_and_the_chat_is_forgotten_at_the_end(
    db, guided
) -> None:
    replies = [
        {"text": "第1步：打开支付宝", "buttons": [{"title": "下一步", "payload": "/next_step"}]}
    ]
    letters.replies_to_resident(db, guided.id, guided.chat, replies)
    assert outbox.take(db, outbox.RESIDENT, NOW, "telegram") == []
    (letter,) = outbox.take(db, outbox.RESIDENT, NOW, "wechat")
    assert (letter.chat, letter.replies, letter.session_id) == (WECHAT, replies, guided.id)

    ended = sessions.end(db, guided.id, NOW, "learned")
    assert ended.chat == WECHAT  # given back once, for the recap
    assert sessions.get(db, guided.id).recipient is None
    assert sessions.active_for_resident(db, "wx-a") is None


def test_progress_letters_are_recorded_by_the_worker_side(db, guided) -> None:
    letters.progress_to_worker(db, "wx-a", guide("step", 3))
    (letter,) = letters.take_for_workers(db, NOW)
    recorded = sessions.record(db, "wx-a", letters.progress_of(letter))
    assert recorded.step_reached == 3
    assert isinstance(letters.progress_of(letter), Progress)
