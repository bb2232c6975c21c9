"""The per-turn speed-ups keep Rasa's behaviour: answers are judged as Rasa judges them (a bad
one fails with Rasa's message), the schema is checked once, events resolve to the same classes,
a new session starts with the same slot values, each set once, and a conversation rebuilt from
its events reaches Rasa's own state while replaying once. Run in the Rasa environment, as the
Rasa server runs them."""

from __future__ import annotations

from tests.rasa_addons.rasa_environment import passes_in_rasa

CHECKS = """
import jsonschema
from jsonschema import validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

import rasa_addons  # installs the speed-ups, as Rasa loading any extension does

schema_checks = []
validator_class = validators.validator_for(RemoteAction.action_response_format_spec())
original_check = validator_class.check_schema
validator_class.check_schema = lambda schema: schema_checks.append(1) or original_check(schema)

action = RemoteAction("action_guide", None)
good = {
    "events": [{"event": "slot", "name": "offer", "value": {"kind": "guide"}, "timestamp": None}],
    "responses": [{"text": "第1步", "buttons": [{"title": "下一步", "payload": "/next_step"}]}],
}
for _ in range(3):
    assert action._validate_action_result(good) is True
assert schema_checks == [], "the schema was checked again"

bad = {"events": [{"event": 3}], "responses": "不是列表"}
try:
    action._validate_action_result(bad)
except jsonschema.ValidationError as error:
    assert "Failed to validate Action server response" in error.message, error.message
else:
    raise AssertionError("a bad answer was accepted")

for _ in range(2):
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("action") is ActionExecuted
assert Event.resolve_by_type("no-such-event", default=SlotSet) is SlotSet
assert Event.resolve_by_type("topic") is None
try:
    Event.resolve_by_type("no-such-event")
except ValueError:
    pass
else:
    raise AssertionError("an unknown event resolved")
from rasa.core.actions.action import ActionSessionStart
from rasa.shared.core.trackers import DialogueStateTracker
tracker = DialogueStateTracker.from_events("r", [
    SlotSet("offer", "step"), SlotSet("service", "pay-water"), SlotSet("offer", "outcome"),
    SlotSet("offer", "after_guide"),
])
carried = ActionSessionStart._slot_set_events_from_tracker(tracker)
assert [(e.key, e.value) for e in carried] == [("offer", "after_guide"), ("service", "pay-water")]
print("ok")
"""


def test_speedups_keep_rasas_behaviour() -> None:
    passes_in_rasa(CHECKS)


REPLAY_CHECKS = """
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted, ActionReverted, BotUttered, Event, SessionStarted, SlotSet, UserUttered,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

rasa_from_events = DialogueStateTracker.from_events.__func__
rasa_travel_back_in_time = DialogueStateTracker.travel_back_in_time
import rasa_addons  # installs the speed-ups

domain = Domain.load("domain.yml")
applied = []  # one item per event applied to a tracker
for event_class in [Event, *all_subclasses(Event)]:
    if "apply_to" in vars(event_class):
        def counted(self, tracker, apply_to=vars(event_class)["apply_to"]):
            applied.append(1)
            return apply_to(self, tracker)
        event_class.apply_to = counted

def typed_turn(n):
    # what a turn stores when a typed answer is read against the offer, then a step is shown
    return [
        UserUttered("好了", {"name": "affirm"}, timestamp=n),
        ActionExecuted("action_read_reply", timestamp=n), UserUtteranceReverted(timestamp=n),
        ActionExecuted("action_listen", timestamp=n),
        UserUttered("好了", {"name": "next_step"}, timestamp=n),
        SlotSet("offer", None, timestamp=n),
        ActionExecuted("action_guide", timestamp=n), BotUttered(f"第{n}步", timestamp=n),
        SlotSet("guide_step", float(n), timestamp=n),
        SlotSet("offer", {"kind": "step", "n": n}, timestamp=n),
        ActionExecuted("action_listen", timestamp=n),
    ]

events = [ActionExecuted("action_session_start", timestamp=0.5), SessionStarted(timestamp=0.5),
          ActionExecuted("action_listen", timestamp=0.5)]
for n in range(1, 401):
    events += typed_turn(n)
    if n % 37 == 0:  # now and then an action undone, and a new session
        events.append(ActionReverted(timestamp=n))
    if n % 131 == 0:
        events += [ActionExecuted("action_session_start", timestamp=n), SessionStarted(timestamp=n),
                   SlotSet("guide_step", float(n), timestamp=n),
                   ActionExecuted("action_listen", timestamp=n)]

def state(tracker):
    return (
        {name: slot.value for name, slot in tracker.slots.items()},
        tracker.latest_message.text, tracker.latest_message.as_dict()["parse_data"],
        tracker.latest_action, tracker.followup_action, tracker.active_loop, tracker.is_paused(),
        tracker.latest_bot_utterance.text, [e.as_dict() for e in tracker.events],
        [e.as_dict() for e in tracker.applied_events()],
    )

for cut in (1, 2, 3, 4, 5, 7, 9, 13, 14, 300, 407, 1442, 1446, len(events) - 1, len(events)):
    ours = DialogueStateTracker.from_events("r", events[:cut], domain.slots)
    theirs = rasa_from_events(DialogueStateTracker, "r", events[:cut], domain.slots)
    assert state(ours) == state(theirs), cut
    assert state(ours.copy()) == state(rasa_travel_back_in_time(theirs, float("inf"))), cut
    middle = events[cut // 2].timestamp
    assert state(ours.travel_back_in_time(middle)) == state(
        rasa_travel_back_in_time(theirs, middle)
    ), cut

# Loading and copying replay once: about twice the events, not once per reading (400 here).
applied.clear()
tracker = DialogueStateTracker.from_events("r", events, domain.slots)
assert len(applied) <= 2 * len(events), (len(applied), len(events))
applied.clear()
tracker.copy()
assert len(applied) <= 2 * len(events), (len(applied), len(events))
print("ok")
"""


def test_a_conversation_is_rebuilt_as_rasa_rebuilds_it_replaying_once() -> None:
    passes_in_rasa(REPLAY_CHECKS)
