"""When notices go out: 30 and 7 days before the due day, from the morning, never at night."""

from __future__ import annotations

import datetime as dt

from reminders.schedule import Daytime, notice_moments

CHENGDU = Daytime.parse("09:00-20:00", "Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of December 2026 in Chengdu, in UTC."""
    local = dt.datetime(2026, 12, day, hour, minute, tzinfo=CHENGDU.zone)
    return local.astimezone(dt.timezone.utc)


def test_night_is_not_daytime_and_waits_for_the_morning() -> None:
    assert CHENGDU.contains(at(6, 9)) and CHENGDU.contains(at(6, 19, 59))
    assert not CHENGDU.contains(at(6, 20)) and not CHENGDU.contains(at(6, 3))
    assert CHENGDU.next_start(at(6, 23)) == at(7, 9)
    assert CHENGDU.next_start(at(6, 3)) == at(6, 9)
    assert CHENGDU.next_start(at(6, 15)) == at(6, 15)


def test_a_year_ahead_both_notices_go_on_their_mornings() -> None:
    moments = notice_moments(dt.date(2027, 12, 6), at(6, 22), (7, 30), CHENGDU)
    local = [(days, when.astimezone(CHENGDU.zone).replace(tzinfo=None)) for days, when in moments]
    assert local == [
        (30, dt.datetime(2027, 11, 6, 9, 0)),
        (7, dt.datetime(2027, 11, 29, 9, 0)),
    ]


def test_a_notice_whose_day_passed_is_left_out_and_todays_goes_now() -> None:
    assert notice_moments(dt.date(2026, 12, 20), at(6, 15), (30, 7), CHENGDU) == [(7, at(13, 9))]
    assert notice_moments(dt.date(2026, 12, 13), at(6, 15), (30, 7), CHENGDU) == [(7, at(6, 15))]
    assert notice_moments(dt.date(2026, 12, 13), at(6, 21), (30, 7), CHENGDU) == [(7, at(7, 9))]
