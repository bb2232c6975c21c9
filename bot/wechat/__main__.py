"""`python -m bot.wechat` (`make wechat`): the gateway, against a Rasa server already up;
`python -m bot.wechat menu` (`make wechat-menu`): set the account's custom menu."""

from __future__ import annotations

import asyncio
import sys

import uvicorn
from pydantic import ValidationError

from bot.app_database import AppDatabase
from bot.delivery import DeliverySettings
from bot.logs import configure_logging
from bot.rasa_client import RasaClient
from bot.wechat.api import WeChatApi
from bot.wechat.app import Gateway
from bot.wechat.config import WeChatSettings
from bot.wechat.menu import load_menu, menu_body
from catalog.database import make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head


def _database() -> AppDatabase:
    engine = make_engine()
    upgrade_to_head(engine)
    return AppDatabase(make_session_factory(engine))


def serve(settings: WeChatSettings) -> None:
    db = _database()
    api = WeChatApi(settings.api, settings.app_id, settings.app_secret, db)
    rasa = RasaClient(settings.rasa, timeout=DeliverySettings().rasa_timeout)
    gateway = Gateway(settings, db, rasa, api)
    # No access log: its lines would hold the openid and signature of every request.
    uvicorn.run(
        gateway.app(), host=settings.host, port=settings.port, log_config=None, access_log=False
    )


async def set_menu(settings: WeChatSettings) -> None:
    api = WeChatApi(settings.api, settings.app_id, settings.app_secret, _database())
    try:
        await api.create_menu(menu_body(load_menu()))
    finally:
        await api.close()
    print("The account's menu is set.")


if __name__ == "__main__":
    configure_logging()
    try:
        settings = WeChatSettings()
    except ValidationError as error:
        sys.exit(f"The WeChat gateway cannot start: {error} (see docs/wechat.md)")
    if sys.argv[1:] == ["menu"]:
        asyncio.run(set_menu(settings))
    else:
        serve(settings)
