"""Rasa's SQL tracker store, storing conversations with personal numbers masked, and indexed
so that a turn reads only its session however long the conversation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from privacy.masking import install_log_masking, mask_in

# The Rasa server loads this module at start-up: from then on its logs are masked too.
install_log_masking()

_EVENT = SQLTrackerStore.SQLEvent
# Each turn Rasa finds the latest session start of the conversation, then reads (and, to save,
# counts) the events since. With only the sender indexed, both read every event the resident
# ever had; these let them go straight to the session.
SESSION_INDEXES = (
    sa.Index("ix_events_sender_type_time", _EVENT.sender_id, _EVENT.type_name, _EVENT.timestamp),
    sa.Index("ix_events_sender_time", _EVENT.sender_id, _EVENT.timestamp),
)
# What the exactly-once check reads of a session: what was said, not everything that happened.
SAID = (UserUttered.type_name, BotUttered.type_name)


class MaskingSQLTrackerStore(SQLTrackerStore):
    """Stores every new event with ID, phone and bank card numbers masked.

    The conversation in memory is untouched, so the current turn still sees what the resident
    typed; only what is written to the database (and read back later) is masked.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # endpoints.yml fills every field from the environment; an empty one means "not set".
        for name in ("host", "port", "username", "password"):
            if kwargs.get(name) == "":
                kwargs[name] = None
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self._keep_sqlite_connections()
        for index in SESSION_INDEXES:
            index.create(self.engine, checkfirst=True)  # also on a database made before

    def _keep_sqlite_connections(self) -> None:
        """Rasa's SQLite engine (SQLAlchemy 1.4's default for a file) opens and sets up a new
        connection for every query, several per turn; this one keeps them open, in WAL mode."""
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(  # a pooled connection may serve another thread
            url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False}
        )
        sa.event.listen(self.engine, "connect", _sync_at_checkpoints)
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        with self.engine.connect() as connection:  # kept by the file from now on
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")

    def _event_query(
        self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> Any:
        """Rasa's query, in two steps: the session's start, then its events. Rasa asks both in
        one condition ("since the start, or all if none") that no index can serve."""
        return self._sessions_query(
            session, sender_id, None if fetch_events_from_all_sessions else 1
        )

    def _sessions_query(self, session: Any, sender_id: str, sessions: int | None) -> Any:
        """The events of the latest `sessions` sessions (all events: None), in order."""
        query = session.query(_EVENT).filter(_EVENT.sender_id == sender_id)
        if sessions is not None:
            starts = (
                session.query(_EVENT.timestamp)
                .filter(_EVENT.sender_id == sender_id)
                .filter(_EVENT.type_name == SessionStarted.type_name)
                .order_by(_EVENT.timestamp.desc())
                .limit(sessions)
                .all()
            )
            if len(starts) == sessions:  # fewer: the conversation has no more sessions
                query = query.filter(_EVENT.timestamp >= starts[-1].timestamp)
        return query.order_by(_EVENT.id)

    async def said_in_latest_sessions(self, sender_id: str, sessions: int) -> list[Event] | None:
        """What the resident and the assistant said (user and bot events, in order) in the
        conversation's latest `sessions` sessions, without rebuilding them; None for a
        conversation never stored."""
        with self.session_scope() as session:
            rows = (
                self._sessions_query(session, sender_id, sessions)
                .filter(_EVENT.type_name.in_(SAID))
                .all()
            )
            if not rows and session.query(_EVENT.id).filter_by(sender_id=sender_id).first() is None:
                return None
            return [Event.from_parameters(json.loads(row.data)) for row in rows]

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        for event in super()._additional_events(session, tracker):
            data = event.as_dict()
            masked = mask_in(data)
            yield event if masked == data else Event.from_parameters(masked)


def _sync_at_checkpoints(dbapi_connection: Any, _record: Any) -> None:
    """SQLite (one machine) logs ahead, as the app database does, so a turn's reads do not wait
    for another's write; each connection syncs at checkpoints only (a power cut may lose the
    last turns, never the file)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
