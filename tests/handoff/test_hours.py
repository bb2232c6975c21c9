"""Opening hours: parsed from configuration, asked whether open, and told in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest

from handoff.hours import OpeningHours

SATURDAY_NOON = dt.datetime(2026, 11, 28, 12, 0)
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0)


def test_weekday_office_hours() -> None:
    hours = OpeningHours.parse("mon-fri 09:00-17:00")
    assert not hours.is_open(SATURDAY_NOON)
    assert hours.is_open(MONDAY_9)
    assert not hours.is_open(MONDAY_9.replace(hour=17))
    assert hours.next_opening(SATURDAY_NOON) == MONDAY_9
    assert hours.next_opening(MONDAY_9) == MONDAY_9
    assert hours.in_chinese() == "周一到周五 9:00到17:00"


def test_always_and_weekends_until_midnight() -> None:
    assert OpeningHours.parse("always").is_open(SATURDAY_NOON.replace(hour=3))
    assert OpeningHours.parse("always").in_chinese() == "全天"
    weekend = OpeningHours.parse("sat-sun 08:30-24:00")
    assert weekend.is_open(SATURDAY_NOON.replace(hour=23, minute=59))
    assert weekend.in_chinese() == "周六到周日 8:30到24:00"


@pytest.mark.parametrize("text", ["mon-fry 09:00-17:00", "mon 17:00-09:00", "weekdays", ""])
def test_bad_hours_are_refused_clearly(text: str) -> None:
    with pytest.raises(ValueError, match="opening hours"):
        OpeningHours.parse(text)
