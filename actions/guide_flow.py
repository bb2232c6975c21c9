"""Where a step-by-step guide goes next: a pure state machine over the guide slots.

The Rasa action (actions/guide.py) turns each move into messages and records; keeping the
transitions here makes every path easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

ON_STEP, PAUSED, ASKING_OUTCOME = "on_step", "paused", "asking_outcome"
STUCK_LIMIT = 2  # stuck this often on one step: the help did not help, offer a person
FORWARD = {"next_step", "affirm"}
# What an answer to "办成了吗？" means: the buttons, or typed 好了/办好了, 是的, 没有.
OUTCOMES = {
    "outcome_done": "done",
    "next_step": "done",
    "affirm": "done",
    "outcome_not_done": "not_done",
    "deny": "not_done",
}


class Move(Enum):
    SHOW_STEP = "show_step"
    FIRST_STEP_ALREADY = "first_step_already"
    FINISHED = "finished"  # recap, then ask whether it worked
    ASK_OUTCOME = "ask_outcome"
    DONE = "done"
    NOT_DONE = "not_done"
    STOPPED = "stopped"
    STEP_HELP = "step_help"  # help for the trouble on this step
    STUCK = "stuck"  # still stuck after the help: offer a person


@dataclass(frozen=True)
class GuideState:
    """The guide slots: which service, which step (1-based), how often stuck, which phase."""

    service: str | None = None
    step: int = 0
    stuck: int = 0
    phase: str | None = None

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> GuideState:
        return cls(
            service=tracker.get_slot("guide_service"),
            step=int(tracker.get_slot("guide_step") or 0),
            stuck=int(tracker.get_slot("guide_stuck") or 0),
            phase=tracker.get_slot("guide_state"),
        )

    @property
    def active(self) -> bool:
        return self.service is not None and self.phase is not None

    def slot_events(self) -> list[dict[str, Any]]:
        return [
            SlotSet("guide_service", self.service),
            SlotSet("guide_step", float(self.step) if self.active else None),
            SlotSet("guide_stuck", float(self.stuck) if self.active else None),
            SlotSet("guide_state", self.phase),
        ]


ENDED = GuideState()


def start(service: str, step: int = 1) -> tuple[Move, GuideState]:
    """A guide from step 1, or from `step` (a resident coming back to a session)."""
    return Move.SHOW_STEP, GuideState(service, step, 0, ON_STEP)


def next_move(state: GuideState, intent: str, total_steps: int) -> tuple[Move, GuideState]:
    """The move for `intent` in an active guide, and the state after it."""
    if intent == "stop":
        return Move.STOPPED, ENDED
    if state.phase == ASKING_OUTCOME:
        return _after_last_step(state, intent, total_steps)
    on_step = replace(state, phase=ON_STEP)
    if intent == "resume_guide" or (state.phase == PAUSED and intent in FORWARD):
        return Move.SHOW_STEP, on_step
    if state.phase == PAUSED and intent == "deny":
        return Move.STOPPED, ENDED
    if intent in FORWARD:
        if state.step >= total_steps:
            return Move.FINISHED, replace(state, step=total_steps, stuck=0, phase=ASKING_OUTCOME)
        return Move.SHOW_STEP, replace(on_step, step=state.step + 1, stuck=0)
    if intent == "previous_step":
        if state.step <= 1:
            return Move.FIRST_STEP_ALREADY, replace(on_step, step=1, stuck=0)
        return Move.SHOW_STEP, replace(on_step, step=state.step - 1, stuck=0)
    if intent == "stuck":
        if state.stuck + 1 >= STUCK_LIMIT:
            return Move.STUCK, replace(on_step, stuck=0)
        return Move.STEP_HELP, replace(on_step, stuck=state.stuck + 1)
    # repeat, deny ("不是…"), or anything unclear: show the step again.
    return Move.SHOW_STEP, on_step


def _after_last_step(state: GuideState, intent: str, total_steps: int) -> tuple[Move, GuideState]:
    answer = OUTCOMES.get(intent)
    if answer == "done":
        return Move.DONE, ENDED
    if answer == "not_done":
        return Move.NOT_DONE, ENDED
    if intent == "previous_step":
        return Move.SHOW_STEP, replace(state, step=total_steps, phase=ON_STEP)
    return Move.ASK_OUTCOME, state
