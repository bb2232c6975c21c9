"""The assembled gateway never waits for the database on its event loop: every query of a
resident's conversation, a handoff, a guided session and a class runs in a worker thread, so one
slow query cannot hold up other residents' updates and answers."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot.app_database import AppDatabase
from bot.rasa_client import BotMessage, Button
from bot.telegram.app import assemble
from bot.telegram.config import DeliverySettings, GatewayConfig
from catalog import communities, queries
from handoff import queue, staff
from handoff.clock import utc_now
from handoff.settings import HandoffSettings
from tests.bot.telegram.bot_api import TOKEN, TelegramApi
from tests.conftest import build_catalog

RESIDENT = {"id": 101, "is_bot": False, "first_name": "王"}
NEIGHBOUR = {"id": 102, "is_bot": False, "first_name": "赵"}
WORKER = {"id": 201, "is_bot": False, "first_name": "李"}
ADMIN = {"id": 301, "is_bot": False, "first_name": "张"}
GROUP = {"id": -1001, "type": "group", "title": "学手机"}
SETTINGS = HandoffSettings(opening_hours="always", check_seconds=0.05)
SERVICE = "pension-certification"


class LoopWatch:
    """Notes, for every connection taken and statement run on `engine`, whether that happened
    on the event loop's thread (made in a coroutine, so its thread is the loop's)."""

    EVENTS = ("checkout", "before_cursor_execute")

    def __init__(self, engine: Engine) -> None:
        self._engine, self._loop_thread = engine, threading.get_ident()
        self.on_loop: list[str] = []
        self.in_threads: list[str] = []

    def __enter__(self) -> LoopWatch:
        for name in self.EVENTS:
            event.listen(self._engine, name, self._note)
        return self

    def __exit__(self, *_: object) -> None:
        for name in self.EVENTS:
            event.remove(self._engine, name, self._note)

    def _note(self, *args: Any) -> None:
        what = next((arg for arg in args if isinstance(arg, str)), "connection checkout")
        on_loop = threading.get_ident() == self._loop_thread
        (self.on_loop if on_loop else self.in_threads).append(what)


class FakeRasa:
    """Rasa and its action server: each message is answered with a 找人帮忙 button; "/ask_person"
    opens a help request (in a thread, as the action server does in its own process)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        if text != "/ask_person":
            return [BotMessage(text=f"答:{text}", buttons=[Button("找人帮忙", "/ask_person")])]
        opened = await asyncio.to_thread(
            queue.open_request,
            self._sessions,
            sender_id=sender_id,
            reason="asked",
            service_slug=SERVICE,
            step=2,
            now=utc_now(),
            hours=SETTINGS.opening_hours,
            local=ZoneInfo(SETTINGS.timezone),
        )
        return [BotMessage(text="马上有人来", custom={"handoff": {"request": opened.request_id}})]

    async def trigger(
        self, sender_id: str, intent: str, entities: dict[str, str] | None = None
    ) -> list[BotMessage]:
        if intent == "start_guide":
            guide = {"service": SERVICE, "step": 1, "total": 5, "event": "started"}
            return [BotMessage(text="第1步", custom={"guide": guide})]
        return [BotMessage(text=intent)]

    async def pause(self, sender_id: str) -> None:
        return None

    async def resume(self, sender_id: str) -> None:
        return None

    async def log_message(self, sender_id: str, text: str) -> str | None:
        return "stop" if text == "不用了" else "inform"

    async def events(self, sender_id: str) -> list[dict[str, Any]]:
        return [{"event": "user", "text": "我要找人"}]

    async def close(self) -> None:
        return None


class Gateway:
    """The gateway as `make bot` assembles it, with Telegram and Rasa faked; updates are
    processed one at a time, as python-telegram-bot does."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.api = TelegramApi()
        self.errors: list[BaseException] = []
        self._update_ids = itertools.count(1)
        config = GatewayConfig(
            token=TOKEN,
            sender_key=b"test-key",
            delivery=DeliverySettings(first_retry=0.01, longest_retry=0.05, drain=2),
            instance="test",
        )
        built = ApplicationBuilder().token(TOKEN).request(self.api).updater(None).build()
        self.application: Application = assemble(
            built, config, FakeRasa(sessions), AppDatabase(sessions), SETTINGS
        )
        self.application.add_error_handler(self._failed)

    async def __aenter__(self) -> Gateway:
        await self.application.initialize()
        await self.application.post_init(self.application)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.application.post_shutdown(self.application)
        await self.application.shutdown()

    async def say(self, user: dict[str, Any], text: str, chat: dict | None = None) -> None:
        message: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        await self._process(user, chat, message=message)

    async def tap(self, user: dict[str, Any], data: str | None, chat: dict | None = None) -> None:
        assert data is not None, "no such button was offered"
        await self._process(user, chat, callback={"id": "cb", "chat_instance": "i", "data": data})

    async def _process(
        self,
        user: dict[str, Any],
        chat: dict | None,
        message: dict[str, Any] | None = None,
        callback: dict[str, Any] | None = None,
    ) -> None:
        chat = chat or {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        base = {"message_id": 7, "date": 1_700_000_000, "chat": chat}
        update: dict[str, Any] = {"update_id": next(self._update_ids)}
        if message is not None:
            update["message"] = {**base, "from": user, **message}
        else:
            update["callback_query"] = {**callback, "from": user, "message": {**base, "text": "…"}}
        await self.application.process_update(Update.de_json(update, self.application.bot))

    async def _failed(self, _: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.errors.append(context.error)


async def until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout)


def invite(sessions: sessionmaker[Session], role: str = "worker") -> str:
    return staff.create_invite(sessions, role, utc_now(), dt.timedelta(hours=1))


def category_of(sessions: sessionmaker[Session], slug: str) -> int:
    with sessions() as session:
        return queries.service_by_slug(session, slug).category.id


def engine_of(sessions: sessionmaker[Session]) -> Engine:
    return sessions.kw["bind"]


async def test_the_watch_sees_a_query_run_on_the_loop(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    with LoopWatch(engine_of(sessions)) as watch:
        staff.on_duty(sessions)
        await AppDatabase(sessions).run(staff.on_duty)
    assert watch.on_loop and watch.in_threads


async def test_a_conversation_and_a_handoff_query_the_database_off_the_loop(
    tmp_path: Path,
) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    worker_code, admin_code = invite(sessions), invite(sessions, "admin")
    community = communities.create(sessions, "玉林社区")
    with LoopWatch(engine_of(sessions)) as watch:
        async with Gateway(sessions) as gateway:
            api, resident = gateway.api, RESIDENT["id"]
            await gateway.say(RESIDENT, "你好")
            await gateway.say(RESIDENT, f"/start {communities.LINK_PREFIX}{community.code}")
            await until(lambda: "答:/welcome" in api.texts_to(resident))
            await gateway.say(WORKER, f"/join {worker_code} 小李")
            await gateway.say(WORKER, "/duty on")
            await gateway.say(RESIDENT, "找人帮忙")
            await until(lambda: api.button(r"claim:\d+"))
            await gateway.say(WORKER, "/queue")
            await gateway.tap(WORKER, api.button(r"claim:\d+"))
            await gateway.say(RESIDENT, "我的卡丢了")
            await gateway.say(RESIDENT, "不用了")
            await gateway.tap(RESIDENT, api.button(r"keep:\d+"))
            await gateway.say(WORKER, "您别急")
            await gateway.say(WORKER, "/note 已核实")
            await gateway.say(WORKER, "/done")
            await gateway.tap(WORKER, api.button(r"outcome:\d+:solved"))
            await gateway.say(ADMIN, f"/join {admin_code} 张主任")
            await gateway.say(ADMIN, "/workers")
            await gateway.say(WORKER, "/report 玉林社区")
            assert gateway.errors == []
            assert "居民：我的卡丢了" in api.texts_to(WORKER["id"])
            assert "小李：您别急" in api.texts_to(resident)
            assert "handoff_ended" in api.texts_to(resident)
            assert "sendPhoto" in [name for name, _ in api.calls_to(WORKER["id"])]
    assert watch.on_loop == []
    assert len(watch.in_threads) > 50


async def test_a_session_and_a_class_query_the_database_off_the_loop(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    code, category = invite(sessions), category_of(sessions, SERVICE)
    with LoopWatch(engine_of(sessions)) as watch:
        async with Gateway(sessions) as gateway:
            api, worker = gateway.api, WORKER["id"]
            await gateway.say(WORKER, f"/join {code} 小李")
            await gateway.say(WORKER, "/session")
            link = re.search(r"start=(s_\w+)", api.texts_to(worker)[-1])
            await gateway.say(RESIDENT, f"/start {link[1]}")
            await gateway.tap(RESIDENT, api.button(r"consent:\d+:yes"))
            await gateway.tap(WORKER, api.button(rf"pick:s:\d+:c{category}"))
            await gateway.tap(WORKER, api.button(rf"pick:s:\d+:{SERVICE}"))
            await gateway.say(WORKER, "/end")
            await gateway.tap(WORKER, api.button(r"sesout:\d+:learned"))

            await gateway.say(WORKER, "/class", chat=GROUP)
            await gateway.tap(WORKER, api.button(rf"pick:c:{GROUP['id']}:c{category}"))
            await gateway.tap(WORKER, api.button(rf"pick:c:{GROUP['id']}:{SERVICE}"))
            await gateway.tap(RESIDENT, api.button(r"class:\d+:1:stuck"), chat=GROUP)
            await gateway.tap(WORKER, api.button(r"cls:nudge:\d+"))
            await gateway.tap(WORKER, api.button(r"cls:solo:\d+"))
            await gateway.say(WORKER, "/next")
            await gateway.tap(NEIGHBOUR, api.button(r"class:\d+:2:catchup"), chat=GROUP)
            await gateway.say(WORKER, "/endclass")
            assert gateway.errors == []
            assert "第1步" in api.texts_to(RESIDENT["id"])
            assert any(text.startswith("居民开始学") for text in api.texts_to(worker))
            assert "practice_recap" in api.texts_to(RESIDENT["id"])
            assert api.texts_to(NEIGHBOUR["id"])  # the steps so far, privately
    assert watch.on_loop == []
    assert len(watch.in_threads) > 50
