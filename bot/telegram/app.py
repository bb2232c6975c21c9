"""The one place the Telegram `Application` is built, its handlers registered and run."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    Updater,
    filters,
)

from bot.app_database import AppDatabase
from bot.delivery import Delivery, NotDelivered
from bot.family_guides import FamilyGuides
from bot.family_linking import FamilyLinking
from bot.logs import configure_logging
from bot.notices import (
    load_class_words,
    load_family_words,
    load_handoff_words,
    load_notices,
    load_session_words,
)
from bot.pending import KeptTurns, ReceivedUpdates, delivering
from bot.rasa_client import BotMessage, RasaClient
from bot.regular_looks import Look, look_regularly
from bot.reminder_notices import ReminderNotices
from bot.telegram.choices import ChoiceMemory, KeptChoices
from bot.telegram.community_link import LINK as COMMUNITY
from bot.telegram.community_link import CommunityLink
from bot.telegram.config import GatewayConfig
from bot.telegram.family import LINK as FAMILY
from bot.telegram.family import FamilyHelpers
from bot.telegram.family_asks import BUTTONS as ASKS
from bot.telegram.family_asks import TelegramFamilyAsks
from bot.telegram.handlers import COMMAND_PAYLOADS, Handlers
from bot.telegram.handoffs import Handoffs
from bot.telegram.outgoing import TelegramChat
from bot.telegram.pending import CHANNEL, chat_at
from bot.telegram.relay import Relay
from bot.telegram.staff_handlers import STAFF_COMMANDS, StaffHandlers
from bot.telegram.teaching import LINK, SESSION_CODE, TEACHING_COMMANDS, Teaching
from bot.telegram.teaching_tools import TeachingTools
from bot.telegram.texts import Texts
from bot.telegram.throttle import Throttle
from catalog.database import make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head
from handoff.queue import Chat
from handoff.settings import HandoffSettings, handoff_settings
from lifecycle.signals import stop_on_first_signal
from reminders.settings import reminder_settings

log = logging.getLogger(__name__)

FLOOD_RETRIES = 3  # times a send is retried after Telegram's 429 "retry after"


def build_application(config: GatewayConfig) -> Application:
    """An `Application` that relays residents' messages to the Rasa server at `config.rasa_url`,
    and hands residents over to community workers when they ask for a person."""
    engine = make_engine()
    upgrade_to_head(engine)
    application = (
        ApplicationBuilder()
        .token(config.token)
        .base_url(f"{config.api_base_url}/bot")
        .base_file_url(f"{config.api_base_url}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=FLOOD_RETRIES))
        .build()
    )
    rasa = RasaClient(config.rasa_url, timeout=config.delivery.rasa_timeout)
    db = AppDatabase(make_session_factory(engine))
    return assemble(application, config, rasa, db, handoff_settings())


def assemble(
    application: Application,
    config: GatewayConfig,
    rasa: RasaClient,
    db: AppDatabase,
    settings: HandoffSettings,
) -> Application:
    """`application` with the gateway's handlers and its start and stop, talking to `rasa` and
    the app database `db`."""
    kept = KeptTurns(db, CHANNEL, config.instance)
    received = ReceivedUpdates(db, f"{CHANNEL}:{config.token.split(':', 1)[0]}")
    delivery = Delivery(rasa, config.delivery, kept)
    choices, notices = ChoiceMemory(store=KeptChoices(db)), load_notices()
    handoffs: Handoffs
    teaching: Teaching

    async def on_data(data: dict[str, Any], chat_id: int, sender: str) -> None:
        """Data Rasa's actions attached to a reply: a help request's chat, a guide's progress,
        the chat of a resident who gave a family member a code or set a reminder, a guide a
        family helper proposed or its resident answered."""
        await handoffs.note_chat(data, chat_id)
        await linking.note_chat(data, Chat(CHANNEL, chat_id))
        await reminder_notices.note_chat(data, Chat(CHANNEL, chat_id))
        await teaching.progress(data, sender, application.bot)
        await family_guides.on_data(data, sender)

    def chat_for(chat_id: int, sender: str, reply_to: int | None = None) -> TelegramChat:
        return TelegramChat(application.bot, chat_id, sender, choices, notices, reply_to, on_data)

    handoffs = Handoffs(
        application.bot,
        db,
        rasa,
        Texts(),
        settings,
        chat_for,
        config.workers_chat_id,
    )
    session_words, class_words = load_session_words(), load_class_words()
    tools = TeachingTools(
        db, rasa, handoffs.texts, session_words, class_words, chat_for, config.sender_key
    )
    teaching = Teaching(tools)
    handlers = Handlers(
        sender_key=config.sender_key,
        delivery=delivery,
        throttle=Throttle(config.throttle.messages, config.throttle.seconds),
        choices=choices,
        notices=notices,
        chat_for=chat_for,
    )
    family_words = load_family_words()
    family_asks = TelegramFamilyAsks(handoffs, rasa, family_words, config.sender_key)
    relay = Relay(
        handoffs,
        rasa,
        choices,
        config.sender_key,
        load_handoff_words(),
        family_asks.asks,
        family_words,
    )

    async def answer(chat: Chat, sender: str, replies: list[BotMessage]) -> None:
        await chat_for(chat.chat_id, sender).answer(replies)

    linking = FamilyLinking(db, rasa, family_words, CHANNEL, answer)
    family = FamilyHelpers(linking, config.sender_key)
    family_guides = FamilyGuides(db, rasa, family_words, CHANNEL, answer)

    async def remind(chat: Chat, sender: str, replies: list[BotMessage]) -> None:
        try:
            await chat_for(chat.chat_id, sender).answer(replies)
        except (Forbidden, BadRequest) as error:  # blocked, or the chat is gone
            raise NotDelivered(error.message) from error

    reminder_notices = ReminderNotices(db, rasa, CHANNEL, remind, reminder_settings())
    running = contextlib.AsyncExitStack()

    async def start(_: Application) -> None:
        """Deliver what an earlier run received but could not answer; watch the help queue and
        the other instances (taking over the messages of one that is gone)."""
        looks = (family_asks.asks.look, family_asks.deliver_letters, reminder_notices.look)
        queue = watch_queue(handoffs, relay, teaching, family, looks, application.bot)
        chats = chat_at(chat_for)
        await running.enter_async_context(delivering(kept, received, delivery, chats, queue))

    async def drain(_: Application) -> None:
        """After updates stop coming and before the bot is shut down: answers still go out."""
        await running.aclose()

    async def close(application: Application) -> None:
        await drain(application)  # stopped before it ran: post_stop was not called
        await rasa.close()

    async def first_delivery_only(update: Update, _: object) -> None:
        """An update some instance received before (a retry) goes no further."""
        if not await received.first(update.update_id):
            log.info("update_repeated update_id=%d", update.update_id)
            raise ApplicationHandlerStop

    application.post_init = start
    application.post_stop = drain
    application.post_shutdown = close
    application.add_handler(TypeHandler(Update, first_delivery_only), group=-10)
    add_handlers(
        application,
        handlers,
        StaffHandlers(handoffs),
        teaching,
        relay,
        CommunityLink(db, config.sender_key),
        family,
        family_asks,
    )
    return application


def add_handlers(
    application: Application,
    residents: Handlers,
    staff: StaffHandlers,
    teaching: Teaching,
    relay: Relay,
    community: CommunityLink,
    family: FamilyHelpers,
    family_asks: TelegramFamilyAsks,
) -> None:
    """A family member's code and answers first, staff commands and a session's join code
    next, then the relay of a handoff or session, then residents' messages for Rasa (a
    community's link is noted on the way)."""
    new_messages = filters.UpdateType.MESSAGE
    private_text = new_messages & filters.ChatType.PRIVATE & filters.TEXT
    application.add_handler(
        CommandHandler("start", family.deep_link, filters=private_text & filters.Regex(FAMILY)),
        group=-4,
    )
    application.add_handler(MessageHandler(private_text, family.message), group=-4)
    application.add_handler(
        CallbackQueryHandler(family.button, pattern=r"^fam(rel|leave):"), group=-4
    )
    application.add_handler(CallbackQueryHandler(family_asks.button, pattern=ASKS), group=-4)
    application.add_handler(
        CommandHandler(list(STAFF_COMMANDS), staff.command, filters=new_messages), group=-2
    )
    application.add_handler(
        CommandHandler(list(TEACHING_COMMANDS), teaching.command, filters=new_messages), group=-2
    )
    application.add_handler(
        CommandHandler("start", teaching.deep_link, filters=private_text & filters.Regex(LINK)),
        group=-2,
    )
    application.add_handler(
        MessageHandler(private_text & filters.Regex(SESSION_CODE), teaching.typed_code), group=-2
    )
    application.add_handler(
        CommandHandler("start", community.opened, filters=private_text & filters.Regex(COMMUNITY)),
        group=-3,
    )
    application.add_handler(
        CallbackQueryHandler(teaching.button, pattern=r"^(consent|class|pick|sesout|cls):"),
        group=-2,
    )
    application.add_handler(
        CallbackQueryHandler(staff.button, pattern=r"^(claim|handback|outcome):"), group=-2
    )
    application.add_handler(
        CallbackQueryHandler(relay.button, pattern=r"^(end|keep):\d+$"), group=-1
    )
    application.add_handler(
        MessageHandler(new_messages & ~filters.StatusUpdate.ALL, relay.message),
        group=-1,
    )
    application.add_handler(
        CommandHandler(list(COMMAND_PAYLOADS), residents.command, filters=new_messages)
    )
    application.add_handler(
        MessageHandler(new_messages & filters.COMMAND & filters.ChatType.PRIVATE, residents.command)
    )
    # Edited text is answered as a new message (the resident corrected a question); other edits,
    # such as a live location moving, are not.
    application.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGES & filters.TEXT & ~filters.COMMAND, residents.text
        )
    )
    application.add_handler(
        MessageHandler(new_messages & ~filters.TEXT & ~filters.StatusUpdate.ALL, residents.media)
    )
    application.add_handler(CallbackQueryHandler(residents.button))
    application.add_error_handler(residents.error)


async def watch_queue(
    handoffs: Handoffs,
    relay: Relay,
    teaching: Teaching,
    family: FamilyHelpers,
    other_looks: tuple[Look, ...],
    bot: Bot,
) -> None:
    """Look at the help queue, at the outbox for workers (of requests, sessions and classes),
    at family members' news, and the `other_looks` (requests for the family, what other
    channels left for people here, reminders due), every few seconds until cancelled."""

    async def session_letters() -> None:
        await teaching.deliver_letters(bot)

    async def family_news() -> None:
        await family.tell_news(bot)

    looks = (
        handoffs.look_at_queue,
        relay.deliver_letters,
        session_letters,
        family_news,
        *other_looks,
    )
    await look_regularly(looks, handoffs.settings.check_seconds)


async def serve(
    application: Application, start_updates: Callable[[Updater], Awaitable[object]]
) -> None:
    """Run `application` until the first stop signal, in the library's own order (initialize,
    `post_init`, `start_updates`, start; then stop the updates, stop, `post_stop`, shut down,
    `post_shutdown`). A signal only sets an event that this loop waits on, so a stop is never
    lost, whichever step of the start it arrives in; a second signal does not cut the drain
    short."""
    loop, stopping = asyncio.get_running_loop(), asyncio.Event()
    requested = False

    def stop() -> bool:
        nonlocal requested
        if loop.is_closed():  # stopped already (it failed to start): interrupted as on Ctrl-C
            return False
        requested = True  # seen at once by the steps of the start
        loop.call_soon_threadsafe(stopping.set)  # the running loop wakes up for it
        return True

    stop_on_first_signal(stop)
    updater = application.updater
    try:
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        if not requested:
            if updater is not None:
                await start_updates(updater)
            await application.start()
            await stopping.wait()
    finally:
        if updater is not None and updater.running:
            await updater.stop()
        if application.running:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


def run_gateway(rasa_url: str | None = None) -> None:
    """Run until stopped: long polling, or a webhook when `TELEGRAM_WEBHOOK_URL` is set."""
    configure_logging()
    config = GatewayConfig.from_env(rasa_url=rasa_url)
    application = build_application(config)
    webhook = config.webhook
    log.info(
        "gateway_starting mode=%s rasa=%s telegram=%s",
        "webhook" if webhook else "polling",
        config.rasa_url,
        config.api_base_url,
    )

    def error_in_polling(error: TelegramError) -> None:
        application.create_task(application.process_error(update=None, error=error))

    def start_updates(updater: Updater) -> Awaitable[object]:
        if webhook is None:
            return updater.start_polling(
                poll_interval=config.poll_interval,
                allowed_updates=Update.ALL_TYPES,
                error_callback=error_in_polling,
            )
        return updater.start_webhook(
            listen=webhook.listen,
            port=webhook.port,
            url_path=webhook.path,
            webhook_url=webhook.url,
            secret_token=webhook.secret,
            allowed_updates=Update.ALL_TYPES,
        )

    asyncio.run(serve(application, start_updates))
