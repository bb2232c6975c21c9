"""The kind of trouble on a step: what its words name, else the model's stuck sub-intent."""

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


def test_the_thing_the_words_name_wins_over_the_selection() -> None:
    assert trouble_of("一直在转圈，卡住了", ("plain", 0.8)) == "no_response"
    assert trouble_of("验证码没收到", ("where", 0.9)) == "code"


def test_without_a_named_thing_a_sure_selection_decides() -> None:
    assert trouble_of("字密得很，眼睛都看花了", ("where", 0.8)) == "where"
    assert trouble_of("这个好难哦", ("where", 0.3)) == "plain"  # unsure
    assert trouble_of("嗯嗯", None) == "plain"
