"""How often a service recurs, as editors write it, and the day it is due again."""

from __future__ import annotations

import datetime as dt

import pytest

from catalog.recurrence import Recurrence, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每年", Recurrence(months=12)),
        (" 每 6 个月 ", Recurrence(months=6)),
        ("每年9月1日至12月31日", Recurrence(window=((9, 1), (12, 31)))),
        ("每年11月1日到2月28日", Recurrence(window=((11, 1), (2, 28)))),
    ],
)
def test_what_editors_write_is_read(text: str, expected: Recurrence) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["每周", "yearly", "每0个月", "每30个月", "每年2月30日至3月1日"])
def test_anything_else_is_refused_in_chinese(text: str) -> None:
    with pytest.raises(ValueError, match="每6个月"):
        parse(text)


def test_every_year_counts_from_the_day_it_was_done_even_the_29th_of_february() -> None:
    assert parse("每年").next_due(dt.date(2026, 12, 6)) == dt.date(2027, 12, 6)
    assert parse("每年").next_due(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert parse("每6个月").next_due(dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)


def test_a_window_is_due_by_its_last_day_the_next_one_once_done_in_it() -> None:
    window = parse("每年9月1日至12月31日")
    assert window.next_due(dt.date(2026, 5, 1)) == dt.date(2026, 12, 31)  # before it opens
    assert window.next_due(dt.date(2026, 10, 8)) == dt.date(2027, 12, 31)  # done in it
    across = parse("每年11月1日至2月28日")
    assert across.next_due(dt.date(2026, 12, 6)) == dt.date(2028, 2, 28)
    assert across.next_due(dt.date(2027, 1, 15)) == dt.date(2028, 2, 28)
