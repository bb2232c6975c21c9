"""Every path through a guide: forward, back, repeat, stuck, pause, resume, finish, stop."""

from __future__ import annotations

from actions.guide_flow import (
    ASKING_OUTCOME,
    ENDED,
    ON_STEP,
    PAUSED,
    GuideState,
    Move,
    next_move,
    start,
)

TOTAL = 3


def at(step: int, phase: str = ON_STEP, stuck: int = 0) -> GuideState:
    return GuideState("pay-water", step, stuck, phase)


def test_a_guide_starts_at_step_one() -> None:
    assert start("pay-water") == (Move.SHOW_STEP, at(1))


def test_next_and_typed_ok_advance_one_step() -> None:
    assert next_move(at(1), "next_step", TOTAL) == (Move.SHOW_STEP, at(2))
    assert next_move(at(2), "affirm", TOTAL) == (Move.SHOW_STEP, at(3))


def test_after_the_last_step_the_assistant_asks_whether_it_worked() -> None:
    assert next_move(at(3), "next_step", TOTAL) == (Move.FINISHED, at(3, ASKING_OUTCOME))


def test_going_back_from_step_one_stays_there() -> None:
    assert next_move(at(2), "previous_step", TOTAL) == (Move.SHOW_STEP, at(1))
    assert next_move(at(1), "previous_step", TOTAL) == (Move.FIRST_STEP_ALREADY, at(1))


def test_stuck_once_gets_help_on_the_step_and_twice_an_offer_of_a_person() -> None:
    move, state = next_move(at(2), "stuck", TOTAL)
    assert (move, state) == (Move.STEP_HELP, at(2, stuck=1))
    assert next_move(state, "stuck", TOTAL) == (Move.STUCK, at(2))


def test_stuck_then_next_goes_on_at_the_following_step() -> None:
    _, state = next_move(at(2), "stuck", TOTAL)
    assert next_move(state, "next_step", TOTAL) == (Move.SHOW_STEP, at(3))


def test_repeating_shows_the_same_step_without_counting_it_as_stuck() -> None:
    assert next_move(at(2, stuck=1), "repeat", TOTAL) == (Move.SHOW_STEP, at(2, stuck=1))


def test_moving_on_forgets_being_stuck() -> None:
    assert next_move(at(1, stuck=1), "next_step", TOTAL) == (Move.SHOW_STEP, at(2))


def test_a_paused_guide_resumes_at_the_same_step() -> None:
    for intent in ("resume_guide", "affirm", "next_step"):
        assert next_move(at(2, PAUSED), intent, TOTAL) == (Move.SHOW_STEP, at(2))


def test_declining_to_resume_stops() -> None:
    assert next_move(at(2, PAUSED), "deny", TOTAL) == (Move.STOPPED, ENDED)


def test_stop_ends_the_guide_anywhere() -> None:
    for phase in (ON_STEP, PAUSED, ASKING_OUTCOME):
        assert next_move(at(2, phase), "stop", TOTAL) == (Move.STOPPED, ENDED)


def test_the_outcome_is_understood_from_buttons_and_typed_words() -> None:
    asking = at(3, ASKING_OUTCOME)
    assert next_move(asking, "outcome_done", TOTAL) == (Move.DONE, ENDED)
    assert next_move(asking, "affirm", TOTAL) == (Move.DONE, ENDED)
    assert next_move(asking, "outcome_not_done", TOTAL) == (Move.NOT_DONE, ENDED)
    assert next_move(asking, "deny", TOTAL) == (Move.NOT_DONE, ENDED)


def test_unclear_answers_to_the_outcome_question_ask_again() -> None:
    asking = at(3, ASKING_OUTCOME)
    assert next_move(asking, "repeat", TOTAL) == (Move.ASK_OUTCOME, asking)
    assert next_move(asking, "previous_step", TOTAL) == (Move.SHOW_STEP, at(3))


def test_slot_events_clear_every_guide_slot_when_ended() -> None:
    assert [event["value"] for event in ENDED.slot_events()] == [None, None, None, None]
