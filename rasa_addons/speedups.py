"""Costs Rasa 3.6 pays on every turn that need paying once, with its behaviour unchanged.

- Each custom action's answer is checked with `jsonschema.validate`, which first checks Rasa's
  large response schema itself: about 13 ms per action call, more than the rest of a turn
  (measured: `docs/performance.md`). The schema is now checked once; each answer is checked
  against it as before, and an answer that fails goes on to Rasa's own check, which raises its
  error.
- Reading a stored conversation looks up each event's class by walking every subclass of
  `Event`, for every event; with a long conversation that was a seventh of a turn. Found
  classes are remembered.
- A new session carries over every slot event of the session before, including those carried
  into it: after 29 guides (each ending a session) a session began with 18,000 slot events,
  all loaded on every turn. Only each slot's last event is carried now, which sets the same
  values.
- A conversation is rebuilt from its events whenever it is loaded and whenever an action runs
  (on a copy), and Rasa rebuilds it by applying the events one by one. An event that undoes
  the last message (`UserUtteranceReverted`, sent by every reading of a typed answer, or
  `ActionReverted`) resets the whole state and replays every event before it, so a session
  with k readings and n events cost k replays of up to n events: a quarter of a second a turn
  after 200 turns, a second after 400. The reset makes all that came before it irrelevant, so
  only the last such event replays now: the events before it are added without being applied,
  that event resets and replays once, and the rest are applied one by one, as before. The
  state reached is the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from jsonschema import validators
from rasa.core.actions.action import ActionSessionStart, RemoteAction
from rasa.shared.constants import ASSISTANT_ID_KEY
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionReverted, Event, SlotSet, UserUtteranceReverted
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import METADATA_MODEL_ID

_installed = False


def install() -> None:
    """Apply them to this process's Rasa (once; later calls do nothing)."""
    global _installed
    if _installed:
        return
    _installed = True
    _check_action_answers_with_a_checked_schema()
    _remember_event_classes()
    _carry_each_slot_once()
    _replay_only_after_the_last_reset()


def _check_action_answers_with_a_checked_schema() -> None:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)  # what jsonschema.validate repeats on every call
    validator = validator_class(schema)
    rasa_check = RemoteAction._validate_action_result

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        return validator.is_valid(result) or rasa_check(self, result)

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def _remember_event_classes() -> None:
    resolve = Event.resolve_by_type
    found: dict[str, type[Event]] = {}

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        if type_name in found:
            return found[type_name]
        event_class = resolve(type_name, default)
        if event_class is not None and event_class is not default:
            found[type_name] = event_class
        return event_class

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]


def _carry_each_slot_once() -> None:
    carried_by_rasa = ActionSessionStart._slot_set_events_from_tracker

    def slot_set_events_from_tracker(tracker: DialogueStateTracker) -> list[SlotSet]:
        last = {event.key: event for event in carried_by_rasa(tracker)}
        return list(last.values())

    ActionSessionStart._slot_set_events_from_tracker = staticmethod(  # type: ignore[method-assign]
        slot_set_events_from_tracker
    )


# Events whose `apply_to` resets the tracker's whole state, then replays its applied events.
_REPLAYING = (UserUtteranceReverted, ActionReverted)


def _replays(event: Event) -> bool:
    return isinstance(event, _REPLAYING)


def update_with_all(
    tracker: DialogueStateTracker, events: Iterable[Event], domain: Domain | None = None
) -> None:
    """`tracker.update(event)` for each of `events`, replaying at most once.

    The last event that resets and replays (if any) makes the state independent of what the
    events before it did to it; those are only added (with the metadata `update` gives them).
    A tracker class with its own `update` gets every event through it.
    """
    events = list(events)
    last = max((i for i, event in enumerate(events) if _replays(event)), default=-1)
    if last < 0 or type(tracker).update is not DialogueStateTracker.update:
        for event in events:
            tracker.update(event, domain)
        return
    for event in events[: last + 1]:
        if tracker.model_id and METADATA_MODEL_ID not in event.metadata:
            event.metadata = {**event.metadata, METADATA_MODEL_ID: tracker.model_id}
        if tracker.assistant_id and ASSISTANT_ID_KEY not in event.metadata:
            event.metadata = {**event.metadata, ASSISTANT_ID_KEY: tracker.assistant_id}
        tracker.events.append(event)
    events[last].apply_to(tracker)  # resets, then replays the applied events once
    for event in events[last + 1 :]:
        tracker.update(event, domain)


def _replay_only_after_the_last_reset() -> None:
    def from_events(
        cls: type[DialogueStateTracker],
        sender_id: str,
        evts: list[Event],
        slots: Iterable[Slot] | None = None,
        max_event_history: int | None = None,
        sender_source: str | None = None,
        domain: Domain | None = None,
    ) -> DialogueStateTracker:
        tracker = cls(sender_id, slots, max_event_history, sender_source)
        update_with_all(tracker, evts, domain)
        return tracker

    def travel_back_in_time(self: DialogueStateTracker, target_time: float) -> DialogueStateTracker:
        tracker = self.init_copy()
        update_with_all(
            tracker, itertools.takewhile(lambda e: e.timestamp <= target_time, self.events)
        )
        return tracker

    DialogueStateTracker.from_events = classmethod(from_events)  # type: ignore[method-assign]
    DialogueStateTracker.travel_back_in_time = travel_back_in_time  # type: ignore[method-assign]
