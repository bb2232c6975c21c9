"""The web chat's gateway with Rasa faked, on a real SQLite app database: the page and its
headers, a conversation from the welcome to a typed title reaching Rasa as its payload, every
kind refusal (a forged id, too long, too fast), none of which stops the next message, and a
reminder's notice shown in the conversation it was set in (once), or its reminder cancelled
when that conversation was cleared."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from bot.app_database import AppDatabase
from bot.rasa_client import BotMessage, Button
from bot.web.app import Gateway
from bot.web.config import WebSettings
from bot.web.texts import load_texts
from catalog import communities, web_conversations
from catalog.database import make_engine, make_session_factory
from catalog.models import Reminder, ReminderNotice
from catalog.recurrence import parse
from catalog.schema_migration import upgrade_to_head
from handoff.clock import utc_now
from handoff.queue import Chat
from handoff.settings import handoff_settings
from reminders import book
from reminders.schedule import Daytime
from reminders.settings import reminder_settings
from tests.admin.client import TestClient

REFUSALS = load_texts().refusals
MENU = [Button("社保养老", "/show_menu_social"), Button("找人帮忙", "/ask_person")]
ALL_DAY = "00:00-23:59"
NOTICE = BotMessage(
    "提醒您：「养老金资格认证」要在下个月底前办。",
    [Button("现在就办", "/start_guide"), Button("过几天再说", "/later")],
)


class FakeRasa:
    """Greets with a menu; answers anything else with what it heard."""

    def __init__(self) -> None:
        self.heard: list[tuple[str, str]] = []
        self.triggered: list[tuple[str, str]] = []
        self.reminder_id = 0  # the reminder "/remind_me" sets

    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        self.heard.append((sender_id, text))
        if text == "/welcome":
            return [BotMessage("您好，我是小助手。"), BotMessage("您想办什么？", MENU)]
        if text == "/remind_me":
            return [BotMessage("好的，记下了。", custom={"reminder": {"id": self.reminder_id}})]
        return [BotMessage(f"收到：{text}")]

    async def trigger(
        self, sender_id: str, intent: str, entities: dict[str, str] | None = None
    ) -> list[BotMessage]:
        self.triggered.append((sender_id, intent))
        return [NOTICE]

    async def log_message(self, sender_id: str, text: str) -> str | None:
        return "inform"

    async def close(self) -> None:
        return None


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade_to_head(engine)
    return make_session_factory(engine)


@pytest.fixture
def client(
    sessions: sessionmaker[Session], rasa: FakeRasa, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.setenv("WEB_CONVERSATION_MESSAGES", "3")
    monkeypatch.setenv("HANDOFF_CHECK_SECONDS", "0.05")  # the outbox and reminders looked at
    monkeypatch.setenv("REMINDERS_DAYTIME", ALL_DAY)
    handoff_settings.cache_clear()
    reminder_settings.cache_clear()
    gateway = Gateway(WebSettings(), AppDatabase(sessions), rasa)  # type: ignore[arg-type]
    with TestClient(gateway.app()) as running:
        yield running
    handoff_settings.cache_clear()
    reminder_settings.cache_clear()


def lines_until(client: TestClient, conversation: str, count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while True:
        lines = client.get(f"/api/conversations/{conversation}").json()["lines"]
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def started(client: TestClient) -> str:
    answer = client.post("/api/conversations", json={})
    assert answer.status_code == 201
    return answer.json()["id"]


def test_the_page_has_a_strict_policy_and_no_inline_script(client: TestClient) -> None:
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "default-src 'none'" in policy
    assert '<script src="/static/chat.js" defer></script>' in page.text
    assert "<script>" not in page.text and "innerHTML" not in client.get("/static/chat.js").text
    assert "字大一点" in page.text
    assert client.get("/static/chat.css").headers["x-content-type-options"] == "nosniff"


def test_a_conversation_starts_with_the_welcome_and_a_tapped_button_sends_its_payload(
    client: TestClient, rasa: FakeRasa
) -> None:
    conversation = started(client)
    welcome = lines_until(client, conversation, 2)
    assert [(line["author"], line["text"]) for line in welcome] == [
        ("assistant", "您好，我是小助手。"),
        ("assistant", "您想办什么？"),
    ]
    assert welcome[-1]["buttons"] == [
        {"title": "社保养老", "payload": "/show_menu_social"},
        {"title": "找人帮忙", "payload": "/ask_person"},
    ]
    path = f"/api/conversations/{conversation}/messages"
    tapped = {"text": "社保养老", "payload": "/show_menu_social"}
    assert client.post(path, json=tapped).status_code == 202
    lines = lines_until(client, conversation, 4)
    assert lines[2]["author"] == "resident" and lines[2]["text"] == "社保养老"
    assert lines[3]["text"] == "收到：/show_menu_social"
    assert rasa.heard[-1][1] == "/show_menu_social"
    after = client.get(f"/api/conversations/{conversation}?after={lines[2]['id']}").json()
    assert [line["text"] for line in after["lines"]] == ["收到：/show_menu_social"]


def test_typed_words_reach_rasa_as_typed_even_when_they_are_a_title(
    client: TestClient, rasa: FakeRasa
) -> None:
    """What a typed title means is Rasa's to read (against the offer it keeps)."""
    conversation = started(client)
    lines_until(client, conversation, 2)
    path = f"/api/conversations/{conversation}/messages"
    assert client.post(path, json={"text": " 社保养老 "}).status_code == 202
    assert lines_until(client, conversation, 4)[3]["text"] == "收到：社保养老"
    not_a_payload = {"text": "社保养老", "payload": "x" * 201}
    assert client.post(path, json=not_a_payload).status_code == 202
    assert lines_until(client, conversation, 6)[5]["text"] == "收到：社保养老"


def test_personal_numbers_are_kept_masked(client: TestClient) -> None:
    conversation = started(client)
    client.post(f"/api/conversations/{conversation}/messages", json={"text": "电话13812345678"})
    kept = [line["text"] for line in lines_until(client, conversation, 4)]
    assert "电话138****5678" in kept and not any("13812345678" in text for text in kept)


def test_a_forged_or_unknown_conversation_is_refused_kindly(client: TestClient) -> None:
    forged = client.post("/api/conversations/<b>x</b>/messages", json={"text": "你好"})
    assert forged.status_code in (400, 404)
    unknown = client.post(f"/api/conversations/{'a' * 32}/messages", json={"text": "你好"})
    assert unknown.status_code == 404
    assert unknown.json() == {"error": REFUSALS["unknown_conversation"], "restart": True}
    bad_form = client.get("/api/conversations/short-id")
    assert bad_form.status_code == 400 and bad_form.json()["restart"] is True


def test_too_long_empty_and_too_fast_are_refused_kindly_and_the_next_message_goes(
    client: TestClient, rasa: FakeRasa
) -> None:
    conversation = started(client)
    path = f"/api/conversations/{conversation}/messages"
    long = client.post(path, json={"text": "长" * 1001})
    assert (long.status_code, long.json()["error"]) == (413, REFUSALS["too_long"])
    huge = client.post(path, content=b'{"text": "' + b"x" * 70_000 + b'"}')
    assert huge.status_code == 413
    assert client.post(path, json={"text": "   "}).json()["error"] == REFUSALS["empty"]
    assert client.post(path, content=b"not json").json()["error"] == REFUSALS["unreadable"]
    answers = [client.post(path, json={"text": f"第{n}句"}).status_code for n in range(5)]
    assert answers == [202, 202, 202, 429, 429]
    assert client.post(path, json={"text": "再来"}).json()["error"] == REFUSALS["too_fast"]
    assert not any("长长" in text for _, text in rasa.heard)


def test_a_forgotten_conversation_is_gone(client: TestClient) -> None:
    conversation = started(client)
    lines_until(client, conversation, 2)
    assert client.delete(f"/api/conversations/{conversation}").status_code == 204
    assert client.get(f"/api/conversations/{conversation}").status_code == 404


def test_a_communitys_link_makes_the_resident_one_of_its_members(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    community = communities.create(sessions, "玉林社区")
    answer = client.post("/api/conversations", json={"community": community.code})
    sender = web_conversations.sender_of(sessions, answer.json()["id"])
    with sessions() as session:
        members = list(session.scalars(communities.members(community.id)))
    assert members == [sender]
    assert client.post("/api/conversations", json={"community": "<b>"}).status_code == 201


def set_a_reminder(
    client: TestClient, sessions: sessionmaker[Session], rasa: FakeRasa
) -> tuple[str, book.Booked]:
    """A resident sets a reminder of the pension certification in a new conversation."""
    conversation = started(client)
    sender = web_conversations.sender_of(sessions, conversation)
    daytime = Daytime.parse(ALL_DAY, "Asia/Shanghai")
    booked = book.add(
        sessions, sender, "pension-certification", parse("每年"), utc_now(), (30,), daytime
    )
    rasa.reminder_id = booked.id
    client.post(f"/api/conversations/{conversation}/messages", json={"text": "/remind_me"})
    until(lambda: kept(sessions, booked.id).channel == "web", "the chat noted")
    return conversation, booked


def make_due(sessions: sessionmaker[Session]) -> None:
    """The notice's moment comes (moved to a minute ago)."""
    with sessions.begin() as session:
        moment = utc_now() - dt.timedelta(minutes=1)
        session.execute(update(ReminderNotice).values(send_after=moment))


def kept(sessions: sessionmaker[Session], reminder_id: int) -> Reminder:
    with sessions() as session:
        return session.get(Reminder, reminder_id)


def notice_row(sessions: sessionmaker[Session], reminder_id: int) -> ReminderNotice:
    with sessions() as session:
        return session.query(ReminderNotice).filter_by(reminder_id=reminder_id).one()


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, f"waited in vain for {what}"
        time.sleep(0.05)


def test_a_due_reminder_is_shown_once_in_its_conversation_with_the_guide_a_tap_away(
    client: TestClient, sessions: sessionmaker[Session], rasa: FakeRasa
) -> None:
    conversation, booked = set_a_reminder(client, sessions, rasa)
    reminder = kept(sessions, booked.id)
    assert Chat(reminder.channel, reminder.chat_id, reminder.recipient) == Chat(
        "web", recipient=conversation
    )
    make_due(sessions)
    until(lambda: notice_row(sessions, booked.id).sent_at is not None, "the notice sent")
    time.sleep(0.3)  # several more looks: none sends it again
    shown = [line for line in lines_until(client, conversation, 5) if line["text"] == NOTICE.text]
    assert [[b["title"] for b in line["buttons"]] for line in shown] == [["现在就办", "过几天再说"]]
    assert rasa.triggered == [(booked.sender_id, "reminder_due")]
    start = shown[0]["buttons"][0]
    tapped = {"text": start["title"], "payload": start["payload"]}
    client.post(f"/api/conversations/{conversation}/messages", json=tapped)
    until(lambda: rasa.heard[-1] == (booked.sender_id, "/start_guide"), "the guide asked for")


def test_a_reminder_of_a_cleared_conversation_is_counted_failed_and_cancelled(
    client: TestClient, sessions: sessionmaker[Session], rasa: FakeRasa
) -> None:
    conversation, booked = set_a_reminder(client, sessions, rasa)
    assert client.delete(f"/api/conversations/{conversation}").status_code == 204
    make_due(sessions)
    until(lambda: kept(sessions, booked.id).status == "cancelled", "the reminder cancelled")
    notice = notice_row(sessions, booked.id)
    assert (notice.failures, notice.sent_at, notice.claimed_at) == (1, None, None)
    assert web_conversations.lines_after(sessions, conversation, 0) == []  # nothing written
