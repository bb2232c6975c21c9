"""However long a resident talks, a turn reads, rebuilds and sends the action server a bounded
number of events: Rasa's own message processor with our extensions and the real conversation
store, over 1,000 turns of typed answers read against offers (each rewinding the message), never
saying a guide worked, and for a resident whose stored session already held 1,000 turns. Run in
the Rasa environment, as the Rasa server runs them."""

from __future__ import annotations

from pathlib import Path

from tests.rasa_addons.rasa_environment import passes_in_rasa

CHECKS = """
import asyncio, sys
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import AwaitableTrackerStore, FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, BotUttered, Event, SessionStarted, SlotSet, UserUttered,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from rasa_addons.exactly_once_rest import earlier_replies
from rasa_addons.masking_tracker_store import MaskingSQLTrackerStore
from rasa_addons.session_length import MESSAGES_PER_SESSION

domain = Domain.load("domain.yml")

class Model:  # what the processor uses of a trained model here: the domain and the ids
    domain = domain
    model_id = "model"
    assistant_id = "elder-service-assistant"

MessageProcessor._load_model = staticmethod(lambda path: ("model.tar.gz", Model, None))
store = FailSafeTrackerStore(AwaitableTrackerStore(
    MaskingSQLTrackerStore(domain, dialect="sqlite", db=sys.argv[1])
))
processor = MessageProcessor(
    "model.tar.gz", store, InMemoryLockStore(),
    TemplatedNaturalLanguageGenerator(domain.responses),
)
actions = EndpointConfig("http://127.0.0.1:9/webhook")

read = []  # events the conversation store returned (to rebuild a session, or what was said)
rasa_from_dict = DialogueStateTracker.from_dict.__func__
def from_dict(cls, sender_id, events_as_dict, *args, **kwargs):
    read.append(len(events_as_dict))
    return rasa_from_dict(cls, sender_id, events_as_dict, *args, **kwargs)
DialogueStateTracker.from_dict = classmethod(from_dict)
said_in_latest_sessions = MaskingSQLTrackerStore.said_in_latest_sessions
async def said(self, *args):
    events = await said_in_latest_sessions(self, *args)
    read.append(len(events or []))
    return events
MaskingSQLTrackerStore.said_in_latest_sessions = said

applied = []  # events applied to a tracker: loading, copying, rewinding
for event_class in [Event, *all_subclasses(Event)]:
    if "apply_to" in vars(event_class):
        def counted(self, tracker, apply_to=vars(event_class)["apply_to"]):
            applied.append(1)
            return apply_to(self, tracker)
        event_class.apply_to = counted

def typed_turn(n):
    # A typed answer, read against the offer (rewound, understood again), then the next step.
    said = {"message_id": n}
    return [
        UserUttered("好了", {"name": "affirm"}, metadata=said),
        ActionExecuted("action_read_reply"), UserUtteranceReverted(),
        ActionExecuted("action_listen"),
        UserUttered("好了", {"name": "next_step"}, metadata=said), SlotSet("offer", None),
        ActionExecuted("action_guide"), BotUttered(f"第{n}步"),
        SlotSet("guide_step", float(n)), SlotSet("offer", {"kind": "step", "yes": "/next_step"}),
        ActionExecuted("action_listen"),
    ]

async def turn(sender, n):
    \"\"\"One resident message as the REST channel and Rasa's processor handle it; the events
    read from the store, applied to trackers, and sent to the action server with one action.\"\"\"
    read.clear()
    applied.clear()
    await earlier_replies(store, sender, n)  # the exactly-once check
    tracker = await processor.fetch_tracker_and_update_session(
        sender, CollectingOutputChannel(), {"message_id": n}
    )
    for event in typed_turn(n):
        tracker.update(event)
        if isinstance(event, ActionExecuted) and event.action_name != "action_listen":
            tracker.copy()  # what Rasa does before running an action
    payload = RemoteAction("action_guide", actions)._action_call_format(tracker, domain)
    await processor.save_tracker(tracker)
    return sum(read), len(applied), len(payload["tracker"]["events"])

async def main():
    per_turn = [await turn("long", n) for n in range(1, 1001)]
    # A session holds at most MESSAGES_PER_SESSION turns, its start and the carried slots.
    bound = (MESSAGES_PER_SESSION + 1) * len(typed_turn(0)) + len(domain.slots) + 10
    for name, counts in zip(("read", "applied", "sent"), zip(*per_turn)):
        early, late = max(counts[:100]), max(counts[900:])
        assert late <= early, (name, early, late)
        limit = 2 * bound if name == "read" else 4 * bound  # read twice; copied for each action
        assert late <= limit, (name, late, limit)
    full = await store.retrieve_full_tracker("long")
    starts = sum(isinstance(event, SessionStarted) for event in full.events)
    assert starts == 1000 // MESSAGES_PER_SESSION, starts
    assert full.get_slot("guide_step") == 1000.0

    # A session that ended (a guide that worked) is followed by the next: the message that
    # ended it, sent again, is found by reading the two latest sessions only.
    tracker = await store.retrieve("long")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    read.clear()
    assert [reply["text"] for reply in await earlier_replies(store, "long", 1000)] == ["第1000步"]
    assert sum(read) <= 2 * bound, read

    # A resident whose one session already held 1,000 turns: read once, then a new session.
    events = [ActionExecuted("action_session_start"), SessionStarted(),
              ActionExecuted("action_listen")]
    for n in range(1, 1001):
        events += typed_turn(n)
    await store.save(DialogueStateTracker.from_events("old", events, domain.slots))
    first, second = await turn("old", 1001), await turn("old", 1002)
    assert first[0] > 11_000, first  # the old session (what was said in it, then all of it)
    assert second[0] <= 2 * bound and second[2] <= bound, second
    print("ok")

asyncio.run(main())
"""


def test_turns_read_and_send_a_bounded_number_of_events_however_long_the_conversation(
    tmp_path: Path,
) -> None:
    passes_in_rasa(CHECKS, str(tmp_path / "conversations.db"))
