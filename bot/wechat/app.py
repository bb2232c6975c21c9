"""The WeChat gateway: a Starlette app WeChat posts residents' messages to.

WeChat waits five seconds for an answer and then posts the message again (three times in all),
so every message is answered at once with "success": it is noted (a retry, to this instance or
another, goes no further), kept in the app database, and delivered to Rasa in the background,
whose replies go out as customer-service messages (`outgoing.py`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Coroutine
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.app_database import AppDatabase
from bot.delivery import Delivery, DeliverySettings, Turn
from bot.family_asks import TAP, FamilyAsks
from bot.family_guides import FamilyGuides
from bot.family_linking import FamilyLinking
from bot.notices import (
    Notices,
    load_class_words,
    load_family_words,
    load_handoff_words,
    load_notices,
    load_session_words,
)
from bot.outbox_handoff import OutboxHandoff
from bot.pending import Address, KeptTurns, ReceivedUpdates, delivering
from bot.rasa_client import BotMessage, RasaClient
from bot.regular_looks import look_regularly
from bot.reminder_notices import ReminderNotices
from bot.sender_ids import keyed_sender_id
from bot.wechat.api import WeChatApi
from bot.wechat.classes import WeChatClasses
from bot.wechat.config import WeChatSettings
from bot.wechat.guided import WeChatSessions
from bot.wechat.inbound import MAX_BODY, Inbound, Refused, Unreadable
from bot.wechat.incoming import CHANNEL, MEDIA_PAYLOADS, Heard, heard
from bot.wechat.menu import load_menu, payloads
from bot.wechat.outgoing import WeChatChat
from catalog import communities
from family import asking
from family.links import Helper
from handoff import relaying
from handoff.queue import Chat
from handoff.settings import handoff_settings
from reminders.settings import reminder_settings

log = logging.getLogger(__name__)

SENDER_PREFIX = "wx-"
SUCCESS = PlainTextResponse("success")


class Gateway:
    """The gateway's parts, given at construction (no globals)."""

    def __init__(
        self, settings: WeChatSettings, db: AppDatabase, rasa: RasaClient, api: WeChatApi
    ) -> None:
        self._settings, self._db, self._rasa, self._api = settings, db, rasa, api
        self._inbound = Inbound(settings.token, settings.app_id, settings.aes_key)
        self._menu = payloads(load_menu())
        self._notices: Notices = load_notices()
        self._kept = KeptTurns(db, CHANNEL, settings.instance_name)
        self._received = ReceivedUpdates(db, f"{CHANNEL}:{settings.app_id}")
        delivery = DeliverySettings(drain=settings.drain_seconds)
        self._delivery = Delivery(rasa, delivery, self._kept)
        self._saying: set[asyncio.Task[None]] = set()  # notices and relayed messages on their way
        self._handoff = OutboxHandoff(
            CHANNEL,
            db,
            rasa,
            load_handoff_words(),
            self.chat_of,
            handoff_settings().check_seconds,
            MEDIA_PAYLOADS.values(),
        )
        self._sessions = WeChatSessions(db, load_session_words())
        self._classes = WeChatClasses(db, load_class_words())
        family_words = load_family_words()
        self._linking = FamilyLinking(db, rasa, family_words, CHANNEL, self._answer)
        self._asks = FamilyAsks(db, rasa, family_words, CHANNEL, self._answer, self._answer)
        self._guides = FamilyGuides(db, rasa, family_words, CHANNEL, self._answer)
        self._reminders = ReminderNotices(db, rasa, CHANNEL, self._remind, reminder_settings())

    def chat_at(self, address: Address, sender: str) -> WeChatChat:
        openid = address.recipient or ""
        return WeChatChat(self._api, openid, sender, self._notices, self._on_data)

    async def _answer(self, chat: Chat, sender: str, replies: list[BotMessage]) -> None:
        """Replies for a follower who is not writing now (a family member, a resident asked)."""
        await self._handoff.send(self.chat_at(Address(recipient=chat.recipient), sender), replies)

    async def _remind(self, chat: Chat, sender: str, replies: list[BotMessage]) -> None:
        """A reminder's notice; `NotDelivered` out of WeChat's window (tried again later)."""
        await self.chat_at(Address(recipient=chat.recipient), sender).answer(replies)

    async def _on_data(self, data: dict[str, Any], openid: str) -> None:
        """Data Rasa's actions attached to a reply: a help request's number, a guide's
        progress, the follower who gave a family member a code or set a reminder, a guide a
        family helper proposed or its resident answered."""
        await self._handoff.note_chat(data, openid)
        await self._linking.note_chat(data, Chat(CHANNEL, recipient=openid))
        await self._reminders.note_chat(data, Chat(CHANNEL, recipient=openid))
        await self._sessions.note_progress(data, self._sender(openid))
        await self._guides.on_data(data, self._sender(openid))

    def chat_of(self, openid: str) -> WeChatChat:
        """The chat of the follower `openid`."""
        return self.chat_at(Address(recipient=openid), self._sender(openid))

    def _sender(self, openid: str) -> str:
        return keyed_sender_id(SENDER_PREFIX, openid, self._settings.sender_hmac_key)

    async def verify(self, request: Request) -> Response:
        """WeChat's check of the server URL: the echo string back, if WeChat signed it."""
        try:
            return PlainTextResponse(self._inbound.echo(request.query_params))
        except Refused as error:
            log.warning("refused reason=%s", error)
            return PlainTextResponse("forbidden", status_code=403)

    async def receive(self, request: Request) -> Response:
        """A message or event: checked, noted, kept and queued; answered "success" at once."""
        body = await _body(request)
        try:
            if body is None:
                raise Unreadable("too large")
            message = self._inbound.message(request.query_params, body)
        except Refused as error:
            log.warning("refused reason=%s", error)
            return PlainTextResponse("forbidden", status_code=403)
        except Unreadable as error:
            log.warning("unreadable reason=%s", error)
            return PlainTextResponse("bad request", status_code=400)
        what = heard(message, self._menu)
        if what is None:
            return SUCCESS
        if not await self._received.first(what.update_id):
            log.info("update_repeated message_id=%s", what.message_id)
            return SUCCESS
        await self._deliver(what, message.type)
        return SUCCESS

    async def _deliver(self, what: Heard, kind: str) -> None:
        sender = self._sender(what.openid)
        if what.scene and what.scene.startswith(communities.LINK_PREFIX):
            code = what.scene.removeprefix(communities.LINK_PREFIX)
            joined = await self._db.run(communities.join, sender, code)
            log.info("community_scene sender=%s known=%s", sender, joined is not None)
        chat = self.chat_at(Address(recipient=what.openid), sender)
        log.info("received sender=%s type=%s length=%d", sender, kind, len(what.text))
        # WeChat lets us write to the resident again: letters it refused before can go.
        await self._handoff.release_letters(what.openid)
        for teaching in (self._sessions, self._classes):
            if (replies := await teaching.answer(what, sender)) is not None:
                # A worker's guided session or class: joined, consent given, a step answered.
                self._in_background(self._handoff.send(chat, replies))
                return
        helper = Helper(sender, Chat(CHANNEL, recipient=what.openid))
        if (replies := await self._linking.heard(what.text, helper, typed=True)) is not None:
            # A family member: a resident's code opened, who they are, leaving.
            self._in_background(self._handoff.send(chat, replies))
            return
        if TAP.match(what.text) or await self._db.run(asking.active_for_helper, sender):
            # A family helper's 我来帮 (or another tap), or their words while they help.
            self._in_background(self._from_helper(chat, sender, what.text))
            return
        if request := await self._handoff.in_handoff(sender):
            # Rasa is paused while a worker talks with the resident: for the worker instead.
            self._in_background(self._handoff.relay(request, sender, what.openid, what.text))
            return
        # Answers WeChat refused (out of its window, too many) can go now the resident wrote.
        for refused in await self._kept.waiting(self.chat_at, sender):
            await self._delivery.submit(refused)
        turn = Turn(sender_id=sender, text=what.text, chat=chat, metadata=what.metadata())
        if not await self._delivery.submit(turn):
            self._in_background(chat.say(self._notices.busy))

    async def _from_helper(self, chat: WeChatChat, sender: str, text: str) -> None:
        """A family helper's tap, or their message for the resident they help."""
        replies = await self._asks.tapped(text, sender)
        if replies is None and (helping := await self._db.run(asking.active_for_helper, sender)):
            kind = relaying.kind_heard(text, MEDIA_PAYLOADS.values())
            replies = await self._asks.from_helper(*helping, kind, text)
        await self._handoff.send(chat, replies or [])

    def _in_background(self, work: Coroutine[Any, Any, None]) -> None:
        """Done after WeChat got its answer (it waits five seconds at most)."""
        task = asyncio.create_task(work)
        self._saying.add(task)
        task.add_done_callback(self._saying.discard)

    @contextlib.asynccontextmanager
    async def lifespan(self, _: Starlette) -> AsyncIterator[None]:
        """Deliver what an earlier run left; watch the other instances, the outbox, the
        residents' answers to family members who follow the account, requests for the family
        and reminders due; drain when stopping."""
        looks = (self._linking.tell, self._asks.look, self._reminders.look)
        regularly = look_regularly(looks, handoff_settings().check_seconds)
        try:
            watchers = (self._handoff.watch(), regularly)
            async with delivering(
                self._kept, self._received, self._delivery, self.chat_at, *watchers
            ):
                log.info("gateway_started path=%s", self._settings.path)
                yield
        finally:
            await self._rasa.close()
            await self._api.close()

    def app(self) -> Starlette:
        path = self._settings.path
        return Starlette(
            routes=[
                Route(path, self.verify, methods=["GET"]),
                Route(path, self.receive, methods=["POST"]),
            ],
            lifespan=self.lifespan,
        )


async def _body(request: Request) -> bytes | None:
    """The request's body, or None past `MAX_BODY` (read no further)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return None
    return body
