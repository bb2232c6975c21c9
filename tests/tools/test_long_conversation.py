"""The long conversation's resident never says a guide worked, and its turns are summarised by
tenths and by the windows `make bench` reports."""

from __future__ import annotations

from tools.long_conversation import Resident, deciles, median_of

STEP = [{"text": "第1步（共5步）：打开微信。"}]
FINISHED = [{"text": "「缴纳水费」办成了吗？", "buttons": [{"payload": "/outcome_done"}]}]


def test_the_resident_walks_guides_and_never_says_one_worked() -> None:
    resident = Resident(["水费咋个交", "电费咋个交"])
    said = [resident.next_message([])]
    choices = [{"text": "哪一项？", "buttons": [{"payload": '/choose_service{"service":"a"}'}]}]
    said.append(resident.next_message(choices))
    for _ in range(30):
        said.append(resident.next_message(STEP))
        said.append(resident.next_message(FINISHED))
        said.append(resident.next_message([{"text": "要不要找人帮您？"}]))
        said.append(resident.next_message([{"text": "您问的是「缴纳电费」。"}]))
    assert said[:2] == ["电费咋个交", '/choose_service{"service":"a"}']
    assert "/outcome_done" not in said
    assert {"要得", "/start_guide", "还是没弄好", "/outcome_not_done"} <= set(said)
    assert {"/next_step", "下一步", "好了"} & set(said)


def test_turns_are_summarised_by_tenths_and_windows() -> None:
    times = [float(turn) for turn in range(1, 201)]
    tenths = deciles(times)
    assert len(tenths) == 10
    assert tenths[0] == (1, 20, 10.5) and tenths[-1] == (181, 200, 190.5)
    assert median_of(times, 10, 30) == 20.0
