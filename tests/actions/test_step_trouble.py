"""The kind of trouble on a step: the model's stuck sub-intent when it is sure, else the words."""

from __future__ import annotations

from actions.step_trouble import selected_trouble, trouble_of


def parse_data(key: str, confidence: float) -> dict:
    response = {"intent_response_key": key, "confidence": confidence}
    return {"response_selector": {"stuck": {"response": response, "ranking": []}}}


def test_the_selected_sub_intent_is_the_kind() -> None:
    assert selected_trouble(parse_data("stuck/no_response", 0.7)) == ("no_response", 0.7)


def test_a_message_without_a_selection_has_none() -> None:
    assert selected_trouble({"intent": {"name": "stuck"}}) is None
    assert selected_trouble(parse_data("", 0.0)) is None


def test_a_sure_selection_wins_over_the_words() -> None:
    assert trouble_of("验证码输了它不动", ("no_response", 0.8)) == "no_response"


def test_an_unsure_selection_leaves_it_to_the_words_then_plain() -> None:
    assert trouble_of("验证码没收到", ("where", 0.3)) == "code"
    assert trouble_of("这个好难哦", None) == "plain"
    assert trouble_of("嗯嗯", ("app", 0.2)) == "plain"
