"""The per-turn speed-ups keep Rasa's behaviour: answers are judged as Rasa judges them (a bad
one fails with Rasa's message), the schema is checked once, events resolve to the same classes,
and a new session starts with the same slot values, each set once. Run in the Rasa environment,
as the Rasa server runs them."""

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
