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
"""

from __future__ import annotations

from typing import Any

from jsonschema import validators
from rasa.core.actions.action import ActionSessionStart, RemoteAction
from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

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
