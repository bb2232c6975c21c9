"""试一试: the conversation read back from Rasa's tracker events (asked with Rasa's token), and
the preview database that holds the published catalog with every draft applied."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from catalog import queries
from catalog.database import make_engine, make_session_factory
from catalog.documents import read_catalog
from catalog.schema_migration import upgrade_to_head
from editing import drafts, preview
from editing.preview import Button, Turn
from tests.editing.conftest import draft_ids, published
from tests.rasa_double import RasaDouble

CHOOSE_WATER = '/choose_service{"service": "pay-water"}'


def user(text: str) -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": "ask"}}}


def bot(text: str | None, buttons: list[dict] | None = None, custom: dict | None = None) -> dict:
    return {"event": "bot", "text": text, "data": {"buttons": buttons, "custom": custom}}


def test_residents_and_assistants_messages_in_order_other_events_left_out() -> None:
    events = [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "slot", "name": "content_preview", "value": True},
        user("交水费"),
        {"event": "action", "name": "action_find_service"},
        bot("您要交水费。"),
        bot("先打开微信。"),
        {"event": "user", "text": None},
    ]
    assert preview.turns(events) == [
        Turn(True, "交水费"),
        Turn(False, "您要交水费。"),
        Turn(False, "先打开微信。"),
    ]


def test_a_tapped_button_shows_as_its_title() -> None:
    buttons = [
        {"title": "缴纳水费", "payload": CHOOSE_WATER},
        {"title": "都不是", "payload": "/deny"},
    ]
    events = [user("交费"), bot("您要办哪一件？", buttons), user(CHOOSE_WATER), user("/deny")]
    assert preview.turns(events) == [
        Turn(True, "交费"),
        Turn(False, "您要办哪一件？", [Button(b["title"], b["payload"]) for b in buttons]),
        Turn(True, "缴纳水费"),
        Turn(True, "都不是"),
    ]


def test_the_explanation_goes_with_the_assistants_reply_before_it() -> None:
    why = {"intent": "ask", "confidence": 0.93, "verdict": "one"}
    events = [user("交水费"), bot("您要交水费。"), bot(None, custom={"preview": why})]
    assert preview.turns(events) == [
        Turn(True, "交水费"),
        Turn(False, "您要交水费。", explanation=why),
    ]


def test_an_explanation_with_no_reply_before_it_is_left_out() -> None:
    events = [bot(None, custom={"preview": {"intent": "ask"}}), user("你好")]
    assert preview.turns(events) == [Turn(True, "你好")]


def test_refresh_fills_the_preview_with_the_drafts_and_leaves_the_live_catalog(
    sessions: sessionmaker[Session], editor: int, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'preview.db'}")
    upgrade_to_head(engine)
    preview_sessions = make_session_factory(engine)
    water = published(sessions, "service", "pay-water") | {"summary": "试一试的说明。"}
    assert drafts.save(sessions, "service", "pay-water", water, editor) == []
    assert drafts.save(sessions, "service", "pay-gas", None, editor) == []
    with sessions() as session:
        live, working = read_catalog(session), drafts.working_catalog(session)
        live_version = queries.catalog_version(session)
    preview.refresh(sessions, preview_sessions)
    with preview_sessions() as session:
        assert read_catalog(session) == working
        assert queries.catalog_origin(session) == "editor"
        first_version = queries.catalog_version(session)
    with sessions() as session:
        assert read_catalog(session) == live
        assert queries.catalog_version(session) == live_version
    drafts.discard(sessions, draft_ids(sessions)["pay-gas"])
    preview.refresh(sessions, preview_sessions)
    with preview_sessions() as session:
        assert "pay-gas" in read_catalog(session).services
        assert queries.catalog_version(session) != first_version


async def test_the_preview_conversation_is_started_and_read_with_rasas_token(
    rasa_double: RasaDouble,
) -> None:
    sender = await preview.start(rasa_double.url, "the-token")
    assert await preview.conversation(rasa_double.url, "the-token", sender) == []
    assert [(call.path, call.params) for call in rasa_double.calls] == [
        (f"/conversations/{sender}/tracker/events", {"token": "the-token"}),
        (f"/conversations/{sender}/tracker/events", {"token": "the-token"}),
        (f"/conversations/{sender}/tracker", {"token": "the-token"}),
    ]
