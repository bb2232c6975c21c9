"""A typed answer is read against what was just offered: titles, yes/no, ordinals, stuck words."""

from __future__ import annotations

import pytest

from actions.offers import Button, Offer
from tests.actions.reading_offers import CHOICES, CONFIRM, RESUME, SERVICE_FOUND, STEP, read


@pytest.mark.parametrize(
    "text",
    [
        "一步一步教我办",
        "一步一步教我办嘛",
        "一步一步教我半",
        "是的",
        "好的，教我",
        "要得",
        "你教我嘛",
        "嗯",
    ],
)
def test_typed_acceptance_of_a_found_service_starts_its_guide(text: str) -> None:
    assert read(SERVICE_FOUND, text) == "/start_guide"


@pytest.mark.parametrize("text", ["要得嘛你教我", "对头，就是这个", "好嘛 教我"])
def test_several_yes_words_together_are_still_yes(text: str) -> None:
    assert read(SERVICE_FOUND, text) == "/start_guide"


def test_the_titles_own_words_in_part_choose_that_button() -> None:
    assert read(SERVICE_FOUND, "找人") == "/ask_person"
    assert read(SERVICE_FOUND, "问别的") == "/show_menu"


@pytest.mark.parametrize("text", ["是的", "对头", "就是这个"])
def test_yes_to_a_confirmation_chooses_the_service(text: str) -> None:
    assert read(CONFIRM, text) == '/choose_service{"service":"medical-insurance-code"}'


@pytest.mark.parametrize("text", ["不是", "都不是", "不对不对", "算了"])
def test_no_to_a_confirmation_goes_to_the_menu(text: str) -> None:
    assert read(CONFIRM, text) == "/show_menu"


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("第一个", 0),
        ("第2个", 1),
        ("2", 1),
        ("我要第二个", 1),
        ("最后那个", 2),
        ("缴费那个", 1),
        ("医保码", 2),
    ],
)
def test_ordinals_and_parts_of_a_title_pick_a_choice(text: str, index: int) -> None:
    assert read(CHOICES, text) == CHOICES.buttons[index].payload


def test_an_ordinal_past_the_choices_picks_nothing() -> None:
    assert read(CHOICES, "第五个") is None


def test_words_shared_by_several_titles_pick_nothing() -> None:
    assert read(CHOICES, "医保") is None


def test_none_of_them_is_a_no() -> None:
    assert read(CHOICES, "都不是") == "/show_menu"


@pytest.mark.parametrize(
    ("text", "trouble"),
    [
        ("我不会", "plain"),
        ("卡住了", "plain"),
        ("弄不来", "plain"),
        ("然后就不晓得了", "plain"),
        ("找不到那个按钮", "where"),
        ("点了没反应", "no_response"),
        ("它让我输验证码，验证码是啥子", "code"),
        ("密码忘了", "password"),
        ("我手机上没得这个软件", "app"),
    ],
)
def test_stuck_words_on_a_step_ask_for_help_on_that_step(text: str, trouble: str) -> None:
    assert read(STEP, text) == '/stuck{"trouble":"' + trouble + '"}'


def test_a_new_question_naming_a_service_on_a_step_is_not_stuck() -> None:
    assert read(STEP, "交电费在哪里交", names_a_service=True) is None


def test_a_specific_trouble_holds_even_next_to_a_service_name() -> None:
    assert read(STEP, "社保卡那个验证码没收到", names_a_service=True) == (
        '/stuck{"trouble":"code"}'
    )


def test_step_titles_and_yes_move_on() -> None:
    assert read(STEP, "下一步") == "/next_step"
    assert read(STEP, "好的") == "/next_step"
    assert read(STEP, "这一步不会弄") == "/stuck"


def test_no_to_resuming_stops_and_yes_resumes() -> None:
    assert read(RESUME, "要得") == "/resume_guide"
    assert read(RESUME, "不办了") == "/stop"


def test_the_models_yes_counts_when_our_words_do_not() -> None:
    assert read(SERVICE_FOUND, "可以可以没得问题", intent="affirm", confidence=0.9) == (
        "/start_guide"
    )


def test_an_unrelated_message_is_left_to_be_understood_from_scratch() -> None:
    assert read(SERVICE_FOUND, "我想问一下电费怎么交", intent="service_pay_electricity") is None
    assert read(SERVICE_FOUND, "？？") is None


def test_asking_for_a_person_wins_over_being_stuck() -> None:
    assert read(SERVICE_FOUND, "我不会弄 找个人帮我") == "/ask_person"
    assert read(STEP, "我不会弄 找个人帮我") is None  # no such button here: the rules take it


OUTCOME = Offer(
    "outcome",
    (
        Button("办成了", "/outcome_done"),
        Button("还没办成", "/outcome_not_done"),
        Button("找人帮忙", "/ask_person"),
    ),
    yes="/outcome_done",
    no="/outcome_not_done",
)


@pytest.mark.parametrize("text", ["都办妥了", "整好了，要得", "嗯办好了屏幕上说认证成功了"])
def test_residents_words_for_done_answer_whether_it_worked(text: str) -> None:
    assert read(OUTCOME, text) == "/outcome_done"


@pytest.mark.parametrize("text", ["还没半成", "嗯没有它说认证没通过", "没弄好"])
def test_residents_words_for_not_done_answer_whether_it_worked(text: str) -> None:
    assert read(OUTCOME, text) == "/outcome_not_done"


def test_going_on_in_residents_words_resumes() -> None:
    assert read(RESUME, "嗯接着刚才的说吧") == "/resume_guide"


@pytest.mark.parametrize("text", ["不整了", "嗯今天先不弄了"])
def test_words_for_stopping_stop_where_stopping_is_offered(text: str) -> None:
    assert read(STEP, text) == "/stop"
    assert read(RESUME, text) == "/stop"


@pytest.mark.parametrize("text", ["今天不接着弄了", "我女儿帮我办好了，不用再继续", "别继续了"])
def test_going_on_denied_is_stopping(text: str) -> None:
    assert read(RESUME, text) == "/stop"


def test_asking_back_whether_to_go_on_is_not_a_no() -> None:
    assert read(RESUME, "要不要继续嘛，继续噻") == "/resume_guide"


def test_a_clear_yes_or_no_followed_by_more_words_still_counts() -> None:
    assert read(SERVICE_FOUND, "嗯好的那你就一步一步跟我说嘛") == "/start_guide"
    assert read(RESUME, "不要了，我已经去营业厅交过了") == "/stop"


def test_a_yes_followed_by_a_new_request_is_a_new_request() -> None:
    assert read(SERVICE_FOUND, "好的，我还想问电费咋交", names_a_service=True) is None


def test_a_title_with_one_typo_in_four_characters_is_still_that_button() -> None:
    assert read(SERVICE_FOUND, "问别得事") == "/show_menu"


@pytest.mark.parametrize(
    ("text", "trouble"),
    [
        ("四川人社我没装，咋个下载嘛", "app"),
        ("没这个应用", "app"),
        ("它说发了个码给我，我等了半天都没看到短信", "code"),
        ("码没收到", "code"),
        ("点了没反映", "no_response"),
        ("这个我不太会弄你说的我跟不上", "plain"),
    ],
)
def test_more_ways_of_saying_a_trouble(text: str, trouble: str) -> None:
    assert read(STEP, text) == '/stuck{"trouble":"' + trouble + '"}'


def test_a_forgotten_password_is_not_a_code() -> None:
    assert read(STEP, "我把密码记不到了") == '/stuck{"trouble":"password"}'


def test_sichuanese_not_done_and_a_typo_for_installed() -> None:
    assert read(OUTCOME, "还莫得整好") == "/outcome_not_done"
    assert read(STEP, "没有按装这个") == '/stuck{"trouble":"app"}'


@pytest.mark.parametrize(
    ("text", "intent", "trouble"),
    [
        ("刷脸刷不过", "service_pension_certification", "plain"),
        ("人脸识别失败了", "service_pension_certification", "plain"),
        ("字太小看不到在哪", "service_phone_font_size", "where"),
        ("这里好复杂哦", "nlu_fallback", "plain"),
    ],
)
def test_trouble_on_a_step_is_help_on_it_even_where_it_sounds_like_a_service(
    text: str, intent: str, trouble: str
) -> None:
    reading = read(STEP, text, intent=intent, confidence=0.9, names_a_service=True)
    assert reading == '/stuck{"trouble":"' + trouble + '"}'


def test_naming_the_service_being_guided_is_about_its_step() -> None:
    said = {"intent": "service_pension_certification", "confidence": 0.95}
    assert read(STEP, "认证那个", guided_service="pension-certification", **said) == (
        '/stuck{"trouble":"plain"}'
    )


def test_another_service_is_trouble_when_the_model_also_ranks_being_stuck() -> None:
    ranking = (("service_phone_font_size", 0.6), ("stuck", 0.3))
    said = {"intent": "service_phone_font_size", "confidence": 0.6, "ranking": ranking}
    assert read(STEP, "屏幕上那些字我认不到", names_a_service=True, **said) == (
        '/stuck{"trouble":"plain"}'
    )


def test_another_service_asked_plainly_on_a_step_is_a_new_request() -> None:
    ranking = (("service_pay_electricity", 0.95), ("stuck", 0.01))
    said = {"intent": "service_pay_electricity", "confidence": 0.95, "ranking": ranking}
    assert read(STEP, "我还想问下电费咋交", names_a_service=True, **said) is None


def test_the_models_move_of_the_guide_is_left_to_it_on_a_step() -> None:
    assert read(STEP, "麻烦再讲一道", intent="repeat", confidence=0.9) is None


@pytest.mark.parametrize("text", ["好，你说", "就办这个", "行，那你讲", "你说嘛"])
def test_a_yes_in_a_few_words_of_its_own_accepts(text: str) -> None:
    assert read(SERVICE_FOUND, text) == "/start_guide"


@pytest.mark.parametrize("text", ["布是", "都不對", "不，都不是这些"])
def test_a_no_by_its_sound_or_in_a_first_clause_declines(text: str) -> None:
    assert read(CONFIRM, text) == "/show_menu"


def test_the_offered_service_the_model_ranks_best_is_chosen() -> None:
    ranking = (("service_medical_insurance_query", 0.7), ("service_medical_insurance_code", 0.1))
    said = {"intent": "service_medical_insurance_query", "confidence": 0.7, "ranking": ranking}
    assert (
        read(CHOICES, "查医保余额那个", names_a_service=True, **said) == CHOICES.buttons[0].payload
    )


def test_two_offered_services_ranked_alike_choose_neither() -> None:
    ranking = (("service_medical_insurance_query", 0.4), ("service_medical_insurance_code", 0.35))
    assert read(CHOICES, "医保的那个", ranking=ranking) is None


def test_part_of_a_long_title_with_a_typo_picks_it() -> None:
    assert read(CHOICES, "医保电子凭正") == CHOICES.buttons[2].payload


def test_a_title_typed_by_its_sound_is_that_button() -> None:
    assert read(STEP, "不般了") == "/stop"


def test_one_ordinal_among_other_words_picks_that_choice() -> None:
    assert read(CHOICES, "就是那个嗯第二个缴费的") == CHOICES.buttons[1].payload


def test_asking_where_the_menu_is_on_a_step_is_trouble_finding_it() -> None:
    assert read(STEP, "菜单在哪", intent="show_menu", confidence=0.9) == '/stuck{"trouble":"where"}'


@pytest.mark.parametrize(
    ("text", "trouble"),
    [
        ("短信里那个码等了好半天也没来", "code"),
        ("验症码还没收到", "code"),
        ("秘码输进去说不对", "password"),
        ("这个软见我手机上没得", "app"),
        ("应用市场里头找不到它", "app"),
        ("按下去一点反应都没得", "no_response"),
        ("字太细了，不晓得要点的是哪一个", "where"),
    ],
)
def test_troubles_in_loose_words_and_typos_get_their_own_help(text: str, trouble: str) -> None:
    assert read(STEP, text) == '/stuck{"trouble":"' + trouble + '"}'


def test_no_on_a_step_stops_the_guide() -> None:
    assert read(STEP, "不要了") == "/stop"


def test_not_now_stops_where_a_service_was_offered() -> None:
    assert read(SERVICE_FOUND, "好嘛我晓得了，今天先不办") == "/stop"


@pytest.mark.parametrize("text", ["你搞错了，我问的是别的", "弄错喽"])
def test_saying_the_assistant_got_it_wrong_declines(text: str) -> None:
    assert read(CONFIRM, text) == "/show_menu"


def test_asking_whether_someone_can_come_and_help_asks_for_a_person() -> None:
    assert read(SERVICE_FOUND, "有没得人当面教我一下") == "/ask_person"


@pytest.mark.parametrize(("text", "index"), [("最上头那个", 0), ("中间那个嘛", 1)])
def test_positions_in_words_pick_a_choice(text: str, index: int) -> None:
    assert read(CHOICES, text) == CHOICES.buttons[index].payload


def test_the_catalogs_reading_picks_among_the_offered_services() -> None:
    found = (("medical-insurance-query", 0.7),)
    assert read(CHOICES, "卡头的余钱", catalog=found) == CHOICES.buttons[0].payload


def test_a_part_of_a_title_by_its_sound_picks_it() -> None:
    assert read(CHOICES, "医保吗") == CHOICES.buttons[2].payload


def test_naming_the_service_just_offered_with_a_yes_accepts_it() -> None:
    said = {"intent": "service_pension_certification", "confidence": 0.9}
    message = "对对就是这个认证你教我嘛"
    assert read(SERVICE_FOUND, message, current_service="pension-certification", **said) == (
        "/start_guide"
    )


def test_not_done_in_residents_words() -> None:
    assert read(OUTCOME, "弄了两回都没过") == "/outcome_not_done"


def test_an_ordinal_whose_di_was_typed_by_its_sound_picks_that_choice() -> None:
    assert read(CHOICES, "地二个") == CHOICES.buttons[1].payload
    assert read(CHOICES, "弟三个嘛") == CHOICES.buttons[2].payload


def test_an_ordinal_whose_measure_word_was_typed_by_its_sound_picks_that_choice() -> None:
    assert read(CHOICES, "就要第一各") == CHOICES.buttons[0].payload
    assert read(CHOICES, "第三向") == CHOICES.buttons[2].payload
    assert read(CHOICES, "第二天再说") != CHOICES.buttons[1].payload


def test_none_of_them_in_a_few_more_words_is_a_no() -> None:
    assert read(CHOICES, "一個都不對") == "/show_menu"
    assert read(CHOICES, "一个都不是嘛") == "/show_menu"


@pytest.mark.parametrize("text", ["不使这个", "部是医保码", "布是这个嘛"])
def test_a_no_typed_by_its_sound_before_more_words_is_never_a_yes(text: str) -> None:
    assert read(CONFIRM, text) == "/show_menu"


@pytest.mark.parametrize(
    ("text", "index"),
    [("中间那个嘛，交钱的", 1), ("我想要手机上能用的那个，应该是最后一个吧", 2), ("嗯，第一个", 0)],
)
def test_one_clause_that_is_only_a_position_picks_that_choice(text: str, index: int) -> None:
    assert read(CHOICES, text) == CHOICES.buttons[index].payload


def test_two_clauses_pointing_at_different_choices_pick_nothing() -> None:
    assert read(CHOICES, "第一个，不对，第二个") is None


def test_a_move_the_model_is_sure_of_on_a_step_is_not_overridden_by_its_first_word() -> None:
    said = {"intent": "previous_step", "confidence": 0.9}
    assert read(STEP, "不对，我要回到前一步", **said) is None  # the model's previous_step stands
    assert read(STEP, "不要了") == "/stop"  # a bare no still stops the guide
