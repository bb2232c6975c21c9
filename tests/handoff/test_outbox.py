"""The handoff's outbox: a resident on one channel and a worker on another reach each other
through the app database, each message taken once by the gateway that reaches its recipient."""

from __future__ import annotations

import datetime as dt

from catalog.models import OutboxMessage
from handoff import outbox, queue, relaying, staff
from handoff.hours import OpeningHours

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
WECHAT = queue.Chat("wechat", recipient="o-openid-1")


def claimed_request(sessions, chat: queue.Chat = WECHAT) -> queue.Request:
    opened = queue.open_request(
        sessions,
        sender_id="wx-a",
        reason="asked",
        service_slug=None,
        step=None,
        now=NOW,
        hours=OpeningHours.parse("always"),
        local=UTC,
    )
    queue.register_chat(sessions, opened.request_id, chat)
    return queue.get(sessions, opened.request_id)


def test_a_wechat_resident_is_kept_by_openid_until_the_request_closes(sessions) -> None:
    request = claimed_request(sessions)
    assert request.chat == WECHAT
    assert [r.id for r in queue.waiting(sessions)] == [request.id]


def test_words_for_the_worker_are_masked_and_taken_once_by_the_workers_gateway(sessions) -> None:
    request = claimed_request(sessions)
    outbox.to_worker(sessions, request.id, "text", "我电话13812345678")
    outbox.to_worker(sessions, request.id, "photo")
    assert outbox.take(sessions, outbox.RESIDENT, NOW, channel="wechat") == []
    first, photo = outbox.take(sessions, outbox.WORKER, NOW)
    assert (first.kind, first.text, first.chat) == ("text", "我电话138****5678", None)
    assert (photo.kind, photo.text) == ("photo", "")
    assert outbox.take(sessions, outbox.WORKER, NOW) == []


def test_words_for_the_resident_go_to_their_channel_only_even_after_it_closed(sessions) -> None:
    request = claimed_request(sessions)
    replies = [{"text": "小助手回来了", "buttons": [{"title": "继续", "payload": "/resume"}]}]
    assert outbox.to_resident(sessions, request, "text", "李姐：您的号码是13812345678吗")
    queue.claim(sessions, request.id, _worker(sessions), NOW)
    closed = queue.resolve(sessions, request.id, NOW, closed_by="worker")
    assert queue.get(sessions, request.id).chat is None  # the relay chat is forgotten
    assert outbox.to_resident(sessions, closed, outbox.REPLIES, replies=replies)
    assert outbox.take(sessions, outbox.RESIDENT, NOW, channel="telegram") == []
    assert outbox.take(sessions, outbox.WORKER, NOW) == []
    said, back = outbox.take(sessions, outbox.RESIDENT, NOW, channel="wechat")
    assert (said.text, said.chat) == ("李姐：您的号码是13812345678吗", WECHAT)  # as the worker said
    assert (back.kind, back.replies, back.chat) == (outbox.REPLIES, replies, WECHAT)
    assert outbox.take(sessions, outbox.RESIDENT, NOW, channel="wechat") == []


def test_delivered_words_are_cleared_from_the_outbox(sessions) -> None:
    request = claimed_request(sessions)
    outbox.to_resident(sessions, request, "text", "李姐：好的")
    outbox.take(sessions, outbox.RESIDENT, NOW, channel="wechat")
    with sessions() as session:
        [row] = session.query(OutboxMessage).all()
        assert (row.text, row.delivered_at is not None) == ("", True)


def test_a_letter_the_channel_refused_is_held_until_the_resident_writes(sessions) -> None:
    request = claimed_request(sessions)
    outbox.to_resident(sessions, request, "text", "李姐：您好")
    [refused] = outbox.take(sessions, outbox.RESIDENT, NOW, channel="wechat")
    outbox.hold(sessions, refused, NOW)
    assert outbox.take(sessions, outbox.RESIDENT, NOW, channel="wechat") == []  # not retried
    assert outbox.release(sessions, queue.Chat("wechat", recipient="o-someone-else")) == 0
    assert outbox.release(sessions, WECHAT) == 1  # the resident wrote
    [again] = outbox.take(sessions, outbox.RESIDENT, NOW, channel="wechat")
    assert (again.text, again.chat, again.request_id) == ("李姐：您好", WECHAT, request.id)
    assert outbox.release(sessions, WECHAT) == 0


def test_a_resident_without_a_channel_cannot_be_written_to(sessions) -> None:
    request = queue.Request(1, "x", "asked", None, None, "assigned", NOW)
    assert not outbox.to_resident(sessions, request, "text", "你好")


def test_what_the_resident_means_during_a_handoff() -> None:
    assert relaying.wants_to_end("stop", "结束")
    assert not relaying.wants_to_end("stop", "我不想再弄这个电费的事情了")
    assert not relaying.wants_to_end("greet", "你好")
    assert relaying.answer_to_ending("end:12", 12) == relaying.END
    assert relaying.answer_to_ending("keep:12", 12) == relaying.KEEP
    assert relaying.answer_to_ending("end:13", 12) is None
    assert relaying.kind_of("/sent_voice") == "voice"
    assert relaying.kind_of("/sent_file") == "other"
    assert relaying.opened_request({"handoff": {"request": 7}}) == 7
    assert relaying.opened_request({"guide": {}}) is None


def _worker(sessions) -> int:
    code = staff.create_invite(sessions, "worker", NOW, dt.timedelta(days=1))
    return staff.join(sessions, code, telegram_user_id=1, display_name="李姐", now=NOW).id
