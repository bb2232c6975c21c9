"""`python -m bot.web` (`make web`): the web chat, against a Rasa server already up;
`python -m bot.web poster NAME [--out DIR]` (`make community`): the community's web link and
its printable poster."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import uvicorn
from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from bot.app_database import AppDatabase
from bot.delivery import DeliverySettings
from bot.logs import configure_logging
from bot.rasa_client import RasaClient
from bot.web.app import Gateway
from bot.web.config import WebSettings
from bot.web.poster import draw, load_poster_words, write
from catalog import communities
from catalog.database import DATA_DIR, make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head


def _sessions() -> sessionmaker[Session]:
    engine = make_engine()
    upgrade_to_head(engine)
    return make_session_factory(engine)


def serve(settings: WebSettings) -> None:
    rasa = RasaClient(settings.rasa, timeout=DeliverySettings().rasa_timeout)
    gateway = Gateway(settings, AppDatabase(_sessions()), rasa)
    # No access log: its lines would hold every conversation's id.
    uvicorn.run(
        gateway.app(), host=settings.host, port=settings.port, log_config=None, access_log=False
    )


def poster(settings: WebSettings, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.web poster")
    parser.add_argument("name", help="the community's name or link code")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="where the poster goes")
    args = parser.parse_args(argv)
    community = communities.find(_sessions(), args.name)
    if community is None:
        print(f"No community named {args.name!r}: add it first (make community)", file=sys.stderr)
        return 1
    link = settings.community_link(community.code)
    png, pdf = write(draw(community.name, link, load_poster_words()), args.out, community.code)
    print(f"Its web chat: {link}")
    print(f"Its poster (A4, with the QR code of that link): {png} and {pdf}")
    return 0


if __name__ == "__main__":
    configure_logging()
    try:
        settings = WebSettings()
    except ValidationError as error:
        sys.exit(f"The web chat cannot start: {error} (see docs/web.md)")
    if sys.argv[1:2] == ["poster"]:
        sys.exit(poster(settings, sys.argv[2:]))
    serve(settings)
