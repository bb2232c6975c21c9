"""`python -m bot.web` (`make web`): the web chat, against a Rasa server already up;
`python -m bot.web poster NAME` (`make community`): the community's printable poster."""

from __future__ import annotations

import sys

import uvicorn
from pydantic import ValidationError

from bot.app_database import AppDatabase
from bot.delivery import DeliverySettings
from bot.logs import configure_logging
from bot.rasa_client import RasaClient
from bot.web.app import Gateway
from bot.web.config import WebSettings
from catalog.database import make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head


def _database() -> AppDatabase:
    engine = make_engine()
    upgrade_to_head(engine)
    return AppDatabase(make_session_factory(engine))


def serve(settings: WebSettings) -> None:
    rasa = RasaClient(settings.rasa, timeout=DeliverySettings().rasa_timeout)
    gateway = Gateway(settings, _database(), rasa)
    # No access log: its lines would hold every conversation's id.
    uvicorn.run(
        gateway.app(), host=settings.host, port=settings.port, log_config=None, access_log=False
    )


if __name__ == "__main__":
    configure_logging()
    try:
        settings = WebSettings()
    except ValidationError as error:
        sys.exit(f"The web chat cannot start: {error} (see docs/web.md)")
    serve(settings)
