"""The tracker store reads one session (or the latest two) through its indexes, as Rasa would
read it, with personal numbers masked, and keeps its SQLite connection open. Run in the Rasa
environment, as the Rasa server runs it."""

from __future__ import annotations

from pathlib import Path

from tests.rasa_addons.rasa_environment import passes_in_rasa

CHECKS = """
import asyncio, sys
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_addons.masking_tracker_store import MaskingSQLTrackerStore

async def main(path):
    domain = Domain.from_yaml("slots:\\n  step:\\n    type: any\\n    mappings: []\\n")
    store = MaskingSQLTrackerStore(domain, dialect="sqlite", db=path)
    tracker = DialogueStateTracker.from_events("r", [
        ActionExecuted("action_session_start", timestamp=0.9), SessionStarted(timestamp=1.0),
        ActionExecuted("action_listen", timestamp=1.1),
        UserUttered("我电话13812345678", timestamp=2.0), SlotSet("step", 1, timestamp=2.1),
        ActionExecuted("action_session_start", timestamp=2.9), SessionStarted(timestamp=3.0),
        SlotSet("step", 1, timestamp=3.1), ActionExecuted("action_listen", timestamp=3.2),
        UserUttered("下一步", timestamp=4.0),
    ])
    await store.save(tracker)
    current = await store.retrieve("r")
    assert [e.timestamp for e in current.events] == [3.0, 3.1, 3.2, 4.0], current.events
    assert current.get_slot("step") == 1
    everything = await store.retrieve_full_tracker("r")
    said = [e.text for e in everything.events if isinstance(e, UserUttered)]
    assert said == ["我电话138****5678", "下一步"], said
    said = await store.said_in_latest_sessions("r", 2)
    assert [e.text for e in said] == ["我电话138****5678", "下一步"], said
    said = await store.said_in_latest_sessions("r", 1)
    assert [(type(e), e.timestamp) for e in said] == [(UserUttered, 4.0)], said
    assert await store.said_in_latest_sessions("nobody", 1) is None
    current.update(ActionExecuted("action_listen", timestamp=5.0))
    await store.save(current)  # only the new event is added
    assert len((await store.retrieve_full_tracker("r")).events) == 11

    with store.engine.connect() as connection:
        mode = connection.execute(sa.text("PRAGMA journal_mode")).scalar()
        synchronous = connection.execute(sa.text("PRAGMA synchronous")).scalar()
    assert (mode, synchronous) == ("wal", 1), (mode, synchronous)  # 1: NORMAL
    assert store.engine.pool.checkedin() == 1  # kept open for the next query
    with store.session_scope() as session:
        assert session.get_bind() is store.engine
    indexes = {index["name"] for index in sa.inspect(store.engine).get_indexes("events")}
    assert {"ix_events_sender_type_time", "ix_events_sender_time"} <= indexes, indexes
    with store.session_scope() as session:
        query = store._event_query(session, "r", fetch_events_from_all_sessions=False)
        sql = str(query.statement.compile(store.engine, compile_kwargs={"literal_binds": True}))
        plan = " ".join(str(row) for row in session.execute(sa.text("EXPLAIN QUERY PLAN " + sql)))
    assert "ix_events_sender_time" in plan, plan
    print("ok")

asyncio.run(main(sys.argv[1]))
"""


def test_one_session_is_read_through_the_indexes_on_a_kept_connection(tmp_path: Path) -> None:
    passes_in_rasa(CHECKS, str(tmp_path / "c.db"))
