"""Forget what residents said longer ago than the retention period (`make retention DAYS=90`).

Deletes the stored conversations' events (Rasa's tracker store) older than DAYS days, what
residents and workers said to each other in older handoffs and the web chat's older lines, and
clears the typed words of older
stuck points and unanswered messages (their service, step and count stay, for the reports).
DAYS is at least 2: a conversation's session ends after a day without messages, so only ended
sessions are touched.

    .venv/app/bin/python -m tools.retention --days 90
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass

from sqlalchemy import create_engine, delete, text, update
from sqlalchemy.orm import Session, sessionmaker

from catalog import web_conversations
from catalog.database import DATA_DIR, make_session_factory
from catalog.models import HandoffMessage, OutboxMessage, StuckEvent, UnansweredMessage

MIN_DAYS = 2


@dataclass(frozen=True)
class Forgotten:
    events: int
    typed_words: int
    handoff_messages: int
    web_lines: int


def forget_older_than(
    days: int,
    conversations_url: str,
    app_sessions: sessionmaker[Session],
    now: dt.datetime | None = None,
) -> Forgotten:
    """Delete conversation events and clear stuck texts from before `days` days ago."""
    if days < MIN_DAYS:
        raise ValueError(f"keep at least {MIN_DAYS} days: younger sessions may still be going on")
    cutoff = (now or dt.datetime.now(dt.timezone.utc)) - dt.timedelta(days=days)
    with create_engine(conversations_url).begin() as connection:
        events = connection.execute(
            text("DELETE FROM events WHERE timestamp < :cutoff"), {"cutoff": cutoff.timestamp()}
        ).rowcount
    with app_sessions.begin() as session:
        typed_words = session.execute(
            update(StuckEvent)
            .where(StuckEvent.created_at < cutoff, StuckEvent.text != "")
            .values(text="")
        ).rowcount
        typed_words += session.execute(
            update(UnansweredMessage)
            .where(UnansweredMessage.created_at < cutoff, UnansweredMessage.text != "")
            .values(text="")
        ).rowcount
        handoff_messages = session.execute(
            delete(HandoffMessage).where(HandoffMessage.created_at < cutoff)
        ).rowcount
        # Messages of a handoff never delivered (a resident out of WeChat's window) go too.
        session.execute(delete(OutboxMessage).where(OutboxMessage.created_at < cutoff))
        web_lines = web_conversations.forget_before(session, cutoff)
    return Forgotten(events, typed_words, handoff_messages, web_lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--days", type=int, required=True, help=f"keep this many days (>= {MIN_DAYS})"
    )
    parser.add_argument(
        "--conversations",
        default=f"sqlite:///{DATA_DIR / 'conversations.db'}",
        help="the tracker store's database URL",
    )
    args = parser.parse_args(argv)
    try:
        forgotten = forget_older_than(args.days, args.conversations, make_session_factory())
    except ValueError as error:
        parser.error(str(error))
    print(
        f"Forgotten: {forgotten.events} conversation events, "
        f"{forgotten.typed_words} stuck or unanswered residents' words, "
        f"{forgotten.handoff_messages} messages of handoffs, "
        f"{forgotten.web_lines} lines of web chats (older than {args.days} days)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
