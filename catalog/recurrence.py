"""When a service must be done again, as editors write it in a service's `recurs` field:
每年 (a year after it was done), 每6个月 (months after it was done), or 每年9月1日至12月31日
(a window each year, due by its last day). Pure: no database, no clock."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_EVERY_MONTHS = re.compile(r"^每(?:(\d{1,2})个月|年)$")
_WINDOW = re.compile(r"^每年(\d{1,2})月(\d{1,2})日(?:至|到|-|—)(\d{1,2})月(\d{1,2})日$")
HOW_TO_WRITE = "请写“每年”“每6个月”，或“每年9月1日至12月31日”"
MAX_MONTHS = 24


@dataclass(frozen=True)
class Recurrence:
    """Either every `months` months from the day it was done, or by the end of a yearly window
    (month, day) to (month, day)."""

    months: int | None = None
    window: tuple[tuple[int, int], tuple[int, int]] | None = None

    def next_due(self, done_on: dt.date) -> dt.date:
        """The day by which it must be done again, after it was done on `done_on`."""
        if self.months is not None:
            return _add_months(done_on, self.months)
        assert self.window is not None
        (start_month, start_day), (end_month, end_day) = self.window
        year = done_on.year
        start = dt.date(year, start_month, start_day)
        end = dt.date(
            year if (end_month, end_day) >= (start_month, start_day) else year + 1,
            end_month,
            end_day,
        )
        while not (done_on < start):  # done in (or after) this window: the next one
            start, end = _next_year(start), _next_year(end)
        return end


def parse(text: str) -> Recurrence:
    """The recurrence `text` describes; ValueError (in Chinese, for editors) otherwise."""
    text = re.sub(r"\s+", "", text)
    if every := _EVERY_MONTHS.match(text):
        months = int(every[1]) if every[1] else 12
        if not 1 <= months <= MAX_MONTHS:
            raise ValueError(f"最多每{MAX_MONTHS}个月一次。{HOW_TO_WRITE}")
        return Recurrence(months=months)
    if window := _WINDOW.match(text):
        start, end = (int(window[1]), int(window[2])), (int(window[3]), int(window[4]))
        for month, day in (start, end):
            if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(2025, month)[1]):
                raise ValueError(f"没有{month}月{day}日这一天。{HOW_TO_WRITE}")
        return Recurrence(window=(start, end))
    raise ValueError(f"看不懂“{text}”。{HOW_TO_WRITE}")


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_year(day: dt.date) -> dt.date:
    return _add_months(day, 12)
