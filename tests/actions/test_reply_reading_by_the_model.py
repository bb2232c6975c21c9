"""Where the words do not settle a typed answer, the model's ranking is read among the answers on
offer: a move of the guide, a person, the service on offer, the kind of trouble."""

from __future__ import annotations

from actions.offers import Button, Offer
from tests.actions.reading_offers import SERVICE_FOUND, STEP, read


def test_the_move_the_model_ranks_best_among_those_offered_is_taken_on_a_step() -> None:
    ranking = (("nlu_fallback", 0.4), ("next_step", 0.32), ("stuck", 0.1), ("repeat", 0.05))
    said = {"intent": "nlu_fallback", "confidence": 0.4, "ranking": ranking}
    assert read(STEP, "好啦下一布", **said) == "/next_step"


def test_a_move_ranked_close_to_being_stuck_is_help_on_the_step() -> None:
    ranking = (("nlu_fallback", 0.4), ("stuck", 0.3), ("next_step", 0.25))
    said = {"intent": "nlu_fallback", "confidence": 0.4, "ranking": ranking}
    assert read(STEP, "这个后头的", **said) == '/stuck{"trouble":"plain"}'


def test_the_kind_of_trouble_the_model_selects_is_the_help_given() -> None:
    ranking = (("stuck", 0.8), ("next_step", 0.05))
    said = {"intent": "stuck", "confidence": 0.8, "ranking": ranking}
    assert read(STEP, "字密得很", **said, trouble=("where", 0.9)) == '/stuck{"trouble":"where"}'
    unsure = read(STEP, "验证码还没来", **said, trouble=("where", 0.3))
    assert unsure == '/stuck{"trouble":"code"}'  # the model unsure: the words tell


def test_a_person_the_model_ranks_best_on_a_step_is_asked_for() -> None:
    ranking = (("nlu_fallback", 0.4), ("ask_person", 0.35), ("stuck", 0.1))
    said = {"intent": "nlu_fallback", "confidence": 0.4, "ranking": ranking}
    assert read(STEP, "有没有哪个真的能帮我看下", **said) == "/ask_person"


def test_naming_the_service_on_offer_in_the_models_reading_accepts_it() -> None:
    ranking = (("service_pension_certification", 0.7), ("start_guide", 0.1))
    said = {"intent": "service_pension_certification", "confidence": 0.7, "ranking": ranking}
    found = read(
        SERVICE_FOUND, "今年还没认证，带着我做", **said, current_service="pension-certification"
    )
    assert found == "/start_guide"


def test_answers_the_model_ranks_alike_are_left_to_be_understood_from_scratch() -> None:
    ranking = (("nlu_fallback", 0.4), ("start_guide", 0.25), ("show_menu", 0.2))
    said = {"intent": "nlu_fallback", "confidence": 0.4, "ranking": ranking}
    assert read(SERVICE_FOUND, "这个那个的", **said) is None


def test_an_intent_on_several_buttons_is_not_read_as_one_of_them() -> None:
    menu = Offer(
        "menu",
        (
            Button("社保养老", '/show_menu{"category":"social-security"}'),
            Button("看病就医", '/show_menu{"category":"medical"}'),
            Button("找人帮忙", "/ask_person"),
        ),
    )
    ranking = (("show_menu", 0.7), ("ask_person", 0.1))
    assert read(menu, "有些啥子", intent="show_menu", confidence=0.7, ranking=ranking) is None
