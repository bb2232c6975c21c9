"""The web chat's gateway with Rasa faked, on a real SQLite app database: the page and its
headers, a conversation from the welcome to a typed title reaching Rasa as its payload, and
every kind refusal (a forged id, too long, too fast), none of which stops the next message."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.app_database import AppDatabase
from bot.rasa_client import BotMessage, Button
from bot.web.app import Gateway
from bot.web.config import WebSettings
from bot.web.texts import load_texts
from catalog import communities, web_conversations
from catalog.database import make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head
from tests.admin.client import TestClient

REFUSALS = load_texts().refusals
MENU = [Button("社保养老", "/show_menu_social"), Button("找人帮忙", "/ask_person")]


class FakeRasa:
    """Greets with a menu; answers anything else with what it heard."""

    def __init__(self) -> None:
        self.heard: list[tuple[str, str]] = []

    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        self.heard.append((sender_id, text))
        if text == "/welcome":
            return [BotMessage("您好，我是小助手。"), BotMessage("您想办什么？", MENU)]
        return [BotMessage(f"收到：{text}")]

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
    gateway = Gateway(WebSettings(), AppDatabase(sessions), rasa)  # type: ignore[arg-type]
    with TestClient(gateway.app()) as running:
        yield running


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


def test_a_conversation_starts_with_the_welcome_and_a_typed_title_is_its_payload(
    client: TestClient, rasa: FakeRasa
) -> None:
    conversation = started(client)
    welcome = lines_until(client, conversation, 2)
    assert [(line["author"], line["text"]) for line in welcome] == [
        ("assistant", "您好，我是小助手。"),
        ("assistant", "您想办什么？"),
    ]
    assert welcome[-1]["buttons"] == ["社保养老", "找人帮忙"]
    sent = client.post(f"/api/conversations/{conversation}/messages", json={"text": " 社保养老 "})
    assert sent.status_code == 202
    lines = lines_until(client, conversation, 4)
    assert lines[2]["author"] == "resident" and lines[2]["text"] == "社保养老"
    assert lines[3]["text"] == "收到：/show_menu_social"
    assert rasa.heard[-1][1] == "/show_menu_social"
    after = client.get(f"/api/conversations/{conversation}?after={lines[2]['id']}").json()
    assert [line["text"] for line in after["lines"]] == ["收到：/show_menu_social"]


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
