"""The web chat's gateway: a Starlette app that serves the page (its script and style as files)
and the few calls the page makes, and talks to Rasa over REST for it.

The page never reaches Rasa: it starts a conversation (the gateway makes its random id and a
sender id Rasa knows it by), sends a resident's words, and reads the conversation's new lines
every few seconds. Each message is checked (the id's form and that it was made here, its length,
the limits per conversation and per address), kept in the conversation (masked) and delivered
to Rasa in order (`bot.delivery`), whose replies become lines. While a worker talks with the
resident, the words go to the worker through the handoff's outbox instead (`bot.outbox_handoff`).
A reminder's notice, when due, becomes lines of the conversation it was set in
(`bot.reminder_notices`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import AsyncIterator, Coroutine
from dataclasses import asdict
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from bot.app_database import AppDatabase
from bot.delivery import Delivery, DeliverySettings, Turn
from bot.notices import load_handoff_words, load_notices
from bot.outbox_handoff import OutboxHandoff
from bot.pending import Address, KeptTurns, ReceivedUpdates, delivering
from bot.rasa_client import BotMessage, RasaClient
from bot.regular_looks import look_regularly
from bot.reminder_notices import ChatGone, ReminderNotices
from bot.web.chat import RESIDENT, WebChat
from bot.web.config import WebSettings
from bot.web.conversation_ids import (
    community_code,
    is_conversation_id,
    new_conversation_id,
    new_sender_id,
)
from bot.web.limits import Window
from bot.web.security import Guard, address_of
from bot.web.texts import load_texts
from catalog import communities, web_conversations
from handoff.queue import Chat
from handoff.settings import handoff_settings
from reminders.settings import reminder_settings

log = logging.getLogger(__name__)

CHANNEL = "web"
WELCOME_PAYLOAD = "/welcome"
MAX_BODY = 64 * 1024  # bytes of a request; more is refused as too long, unread
MAX_PAYLOAD = 200  # characters of a tapped button's payload; Rasa's, entities and all, are shorter
HERE = Path(__file__).parent


class Refusal(Exception):
    """A request not taken: `reason` names the kind words the page shows (texts.yml)."""

    def __init__(self, reason: str, status: int, restart: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.status, self.restart = reason, status, restart


class Gateway:
    """The gateway's parts, given at construction (no globals)."""

    def __init__(self, settings: WebSettings, db: AppDatabase, rasa: RasaClient) -> None:
        self._settings, self._db, self._rasa = settings, db, rasa
        self._texts = load_texts()
        self._notices = load_notices()
        self._kept = KeptTurns(db, CHANNEL, settings.instance_name)
        self._received = ReceivedUpdates(db, CHANNEL)
        delivery = DeliverySettings(drain=settings.drain_seconds)
        self._delivery = Delivery(rasa, delivery, self._kept)
        self._handoff = OutboxHandoff(
            CHANNEL, db, rasa, load_handoff_words(), self.chat_of, handoff_settings().check_seconds
        )
        window = settings.address_window_seconds
        self._per_conversation = Window(
            settings.conversation_messages, settings.conversation_window_seconds
        )
        self._per_address = Window(settings.address_messages, window)
        self._new_per_address = Window(settings.address_conversations, window)
        self._requests = Window(settings.address_requests, window)
        self._reminders = ReminderNotices(db, rasa, CHANNEL, self._remind, reminder_settings())
        self._templates = Jinja2Templates(directory=HERE / "templates")
        self._relaying: set[asyncio.Task[None]] = set()

    def chat_at(self, address: Address, sender: str | None) -> WebChat:
        """The chat of a conversation (the sender is known by the conversation)."""
        return WebChat(self._db, address.recipient or "", self._notices, self._on_data)

    def chat_of(self, conversation_id: str) -> WebChat:
        """The chat of a conversation the outbox names."""
        return self.chat_at(Address(recipient=conversation_id), None)

    async def _on_data(self, data: dict[str, Any], conversation_id: str) -> None:
        """Data Rasa's actions attached to a reply: a help request's number, a reminder set."""
        await self._handoff.note_chat(data, conversation_id)
        await self._reminders.note_chat(data, Chat(CHANNEL, recipient=conversation_id))

    async def _remind(self, chat: Chat, sender: str, replies: list[BotMessage]) -> None:
        """A reminder's notice, kept as lines the page shows when it next reads the
        conversation; `ChatGone` when the conversation was cleared (换一个人用)."""
        conversation = chat.recipient or ""
        if await self._db.run(web_conversations.sender_of, conversation) != sender:
            raise ChatGone("web conversation forgotten")
        await self.chat_at(Address(recipient=conversation), sender).answer(replies)

    async def page(self, request: Request) -> Response:
        """The chat page; its words are the texts file's, escaped by the template."""
        settings = self._settings
        context = {
            "texts": self._texts.page,
            "texts_json": json.dumps(self._texts.page, ensure_ascii=False),
            "kiosk": settings.kiosk,
            "idle_seconds": settings.kiosk_idle_seconds,
            "answer_seconds": settings.kiosk_answer_seconds,
        }
        return self._templates.TemplateResponse(request, "index.html", context)

    async def start(self, request: Request) -> Response:
        """A new conversation, greeted by the assistant; its id is the page's to keep."""
        try:
            if not self._new_per_address.allow(address_of(request)):
                raise Refusal("too_fast", 429)
            body = await _json(request)
        except Refusal as refusal:
            return self._refused(refusal)
        conversation, sender = new_conversation_id(), new_sender_id()
        await self._db.run(web_conversations.start, conversation, sender)
        if (code := community_code(body.get("community"))) is not None:
            joined = await self._db.run(communities.join, sender, code)
            log.info("community_link sender=%s known=%s", sender, joined is not None)
        log.info("conversation_started sender=%s", sender)
        chat = self.chat_at(Address(recipient=conversation), sender)
        await self._delivery.submit(Turn(sender, WELCOME_PAYLOAD, chat, _metadata()))
        return JSONResponse({"id": conversation}, status_code=201)

    async def lines(self, request: Request) -> Response:
        """The conversation's kept lines after the number the page has (`?after=`)."""
        try:
            conversation, _ = await self._conversation(request)
        except Refusal as refusal:
            return self._refused(refusal)
        after = request.query_params.get("after", "0")
        number = int(after) if after.isdecimal() and len(after) < 19 else 0
        found = await self._db.run(web_conversations.lines_after, conversation, number)
        return JSONResponse({"lines": [asdict(line) for line in found]})

    async def message(self, request: Request) -> Response:
        """One message of the resident: checked, kept, and on its way to Rasa (or a worker)."""
        try:
            conversation, sender = await self._conversation(request)
            body = await _json(request)
            text, tapped = _text_of(body, self._settings.max_chars), _payload_of(body)
            if not self._per_conversation.allow(conversation):
                raise Refusal("too_fast", 429)
            if not self._per_address.allow(address_of(request)):
                raise Refusal("too_fast", 429)
        except Refusal as refusal:
            return self._refused(refusal)
        line = await self._db.run(web_conversations.add, conversation, RESIDENT, text)
        log.info("received sender=%s length=%d", sender, len(text))
        said = tapped or text  # a tapped button's payload; typed words are read by Rasa
        chat = self.chat_at(Address(recipient=conversation), sender)
        if helping := await self._handoff.in_handoff(sender):
            # Rasa is paused while a worker talks with the resident: for the worker instead.
            self._in_background(self._handoff.relay(helping, sender, conversation, said))
        elif not await self._delivery.submit(Turn(sender, said, chat, _metadata())):
            await chat.say(self._notices.busy)
        return JSONResponse({"line": line}, status_code=202)

    async def forget(self, request: Request) -> Response:
        """换一个人用: the conversation and its lines are dropped."""
        try:
            conversation, sender = await self._conversation(request)
        except Refusal as refusal:
            return self._refused(refusal)
        await self._db.run(web_conversations.forget, conversation)
        log.info("conversation_forgotten sender=%s", sender)
        return Response(status_code=204)

    async def _conversation(self, request: Request) -> tuple[str, str]:
        """The conversation of the request's path and its sender id; a Refusal for an id of
        another form, or one this gateway never made (or forgot)."""
        conversation = request.path_params["conversation"]
        if not is_conversation_id(conversation):
            log.warning("refused reason=conversation_id_form")
            raise Refusal("unknown_conversation", 400, restart=True)
        sender = await self._db.run(web_conversations.sender_of, conversation)
        if sender is None:
            log.warning("refused reason=conversation_unknown")
            raise Refusal("unknown_conversation", 404, restart=True)
        return conversation, sender

    def _refused(self, refusal: Refusal) -> JSONResponse:
        words = self._texts.refusal(refusal.reason)
        body = {"error": words, "restart": refusal.restart}
        return JSONResponse(body, status_code=refusal.status)

    def _in_background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._relaying.add(task)
        task.add_done_callback(self._relaying.discard)

    @contextlib.asynccontextmanager
    async def lifespan(self, _: Starlette) -> AsyncIterator[None]:
        """Deliver what an earlier run left; watch the other instances, the outbox and the
        reminders due; drain when stopping."""
        reminding = look_regularly((self._reminders.look,), handoff_settings().check_seconds)
        try:
            watchers = (self._handoff.watch(), reminding)
            async with delivering(
                self._kept, self._received, self._delivery, self.chat_at, *watchers
            ):
                settings = self._settings
                log.info("gateway_started port=%d kiosk=%s", settings.port, settings.kiosk)
                yield
        finally:
            await self._rasa.close()

    def app(self) -> Starlette:
        conversation = "/api/conversations/{conversation}"
        guard = Middleware(Guard, requests=self._requests, refusal=self._texts.refusal("too_fast"))
        return Starlette(
            routes=[
                Route("/", self.page, methods=["GET"]),
                Route("/favicon.ico", _no_icon, methods=["GET"]),
                Route("/api/conversations", self.start, methods=["POST"]),
                Route(conversation, self.lines, methods=["GET"]),
                Route(conversation, self.forget, methods=["DELETE"]),
                Route(f"{conversation}/messages", self.message, methods=["POST"]),
                Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
            ],
            middleware=[guard],
            lifespan=self.lifespan,
        )


async def _no_icon(_: Request) -> Response:
    """No icon: browsers ask for one anyway."""
    return Response(status_code=204)


def _metadata() -> dict[str, Any]:
    """What Rasa may know besides the text: a message id for its exactly-once channel."""
    return {"message_id": f"web-{secrets.token_hex(12)}", "channel": CHANNEL}


async def _json(request: Request) -> dict[str, Any]:
    """The request's JSON object; a Refusal past `MAX_BODY` (read no further) or unreadable."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise Refusal("too_long", 413)
    if not body:
        return {}
    try:
        data = json.loads(body)
    except ValueError as error:
        raise Refusal("unreadable", 400) from error
    if not isinstance(data, dict):
        raise Refusal("unreadable", 400)
    return data


def _payload_of(body: dict[str, Any]) -> str | None:
    """The payload of the button the resident tapped (its title is the message's text), if
    any; a payload is what the resident could have typed, so it is only checked for form."""
    payload = body.get("payload")
    if not isinstance(payload, str) or not 0 < len(payload) <= MAX_PAYLOAD:
        return None
    return payload


def _text_of(body: dict[str, Any], max_chars: int) -> str:
    """The message's words, or a Refusal: none, not words, or more than `max_chars`."""
    text = body.get("text")
    if not isinstance(text, str):
        raise Refusal("unreadable", 400)
    text = text.strip()
    if not text:
        raise Refusal("empty", 400)
    if len(text) > max_chars:
        raise Refusal("too_long", 413)
    return text
