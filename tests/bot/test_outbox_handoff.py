"""A WeChat resident's side of a handoff, on a real SQLite app database with Rasa and WeChat
faked: while a worker owns the request, messages go to the outbox for the worker (never to Rasa
as turns), a wish to end is asked about and left for the workers' gateway, and the outbox's
messages for WeChat residents are sent once."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.app_database import AppDatabase
from bot.notices import load_handoff_words
from bot.outbox_handoff import OutboxHandoff
from bot.rasa_client import BotMessage
from bot.wechat.incoming import CHANNEL, MEDIA_PAYLOADS
from handoff import outbox, queue, request_records, staff
from handoff.hours import OpeningHours

NOW = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.timezone.utc)
OPENID, SENDER = "o-unit-1", "wx-unit"


class FakeRasa:
    """Reads 不用了 as a wish to stop; remembers what was logged."""

    def __init__(self) -> None:
        self.logged: list[str] = []

    async def log_message(self, sender_id: str, text: str) -> str | None:
        self.logged.append(text)
        return "stop" if text == "不用了" else "inform"


class FakeChat:
    def __init__(self) -> None:
        self.said: list[str] = []
        self.answers: list[list[BotMessage]] = []
        self.passed_on: list[str] = []

    async def say(self, text: str) -> None:
        self.said.append(text)

    async def answer(self, replies: list[BotMessage]) -> None:
        self.answers.append(replies)

    async def pass_on(self, text: str) -> None:
        self.passed_on.append(text)


@pytest.fixture
def chat() -> FakeChat:
    return FakeChat()


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def side(db: AppDatabase, rasa: FakeRasa, chat: FakeChat) -> OutboxHandoff:
    words, chat_for = load_handoff_words(), lambda openid: chat
    return OutboxHandoff(CHANNEL, db, rasa, words, chat_for, 0.1, MEDIA_PAYLOADS.values())


async def claimed(db: AppDatabase, side: OutboxHandoff) -> queue.Request:
    opened = await db.run(
        queue.open_request,
        sender_id=SENDER,
        reason="asked",
        service_slug=None,
        step=None,
        now=NOW,
        hours=OpeningHours.parse("always"),
        local=dt.timezone.utc,
    )
    await side.note_chat({"handoff": {"request": opened.request_id}}, OPENID)
    code = await db.run(staff.create_invite, "worker", NOW, dt.timedelta(days=1))
    li = await db.run(staff.join, code, telegram_user_id=1, display_name="李姐", now=NOW)
    await db.run(queue.claim, opened.request_id, li.id, NOW)
    request = await side.in_handoff(SENDER)
    assert request is not None and request.chat == queue.Chat("wechat", recipient=OPENID)
    return request


async def test_words_and_a_photo_go_to_the_worker_and_into_the_paused_conversation(
    db: AppDatabase, side: OutboxHandoff, rasa: FakeRasa, chat: FakeChat
) -> None:
    request = await claimed(db, side)
    await side.relay(request, SENDER, OPENID, "我电话13812345678")
    await side.relay(request, SENDER, OPENID, "/sent_photo")
    to_worker = await db.run(outbox.take, outbox.WORKER, NOW)
    assert [(letter.kind, letter.text) for letter in to_worker] == [
        ("text", "我电话138****5678"),
        ("photo", ""),
    ]
    assert rasa.logged == ["我电话13812345678", "/sent_photo"]
    assert [m.kind for m in await db.run(request_records.transcript, request.id)] == [
        "text",
        "photo",
    ]
    assert chat.answers == [] and chat.said == []


async def test_a_wish_to_end_is_asked_about_then_left_for_the_workers_gateway(
    db: AppDatabase, side: OutboxHandoff, chat: FakeChat
) -> None:
    request = await claimed(db, side)
    await side.relay(request, SENDER, OPENID, "不用了")
    [[asked]] = chat.answers
    assert asked.text == "您要结束和工作人员的对话吗？"
    assert [b.payload for b in asked.buttons] == [f"end:{request.id}", f"keep:{request.id}"]
    await side.relay(request, SENDER, OPENID, f"keep:{request.id}")
    assert chat.said == ["好的，接着聊。"]
    await side.relay(request, SENDER, OPENID, f"end:{request.id}")
    kinds = [letter.kind for letter in await db.run(outbox.take, outbox.WORKER, NOW)]
    assert kinds == ["text", outbox.END]  # 不用了 reached the worker too


async def test_the_outbox_for_wechat_residents_is_sent_once(
    db: AppDatabase, side: OutboxHandoff, chat: FakeChat
) -> None:
    request = await claimed(db, side)
    started = BotMessage("李姐来帮您了").as_rest()
    await db.run(outbox.to_resident, request, outbox.REPLIES, replies=[started])
    await db.run(outbox.to_resident, request, "text", "李姐：您好")
    await side.deliver_letters()
    await side.deliver_letters()
    assert chat.answers == [[BotMessage("李姐来帮您了")]]
    assert chat.passed_on == ["李姐：您好"]
