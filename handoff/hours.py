"""Opening hours of the community workers: when a request can be answered by a person."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RULE = re.compile(
    r"(?P<first>[a-z]{3})(?:-(?P<last>[a-z]{3}))?\s+(?P<start>\d{1,2}:\d{2})-(?P<end>\d{1,2}:\d{2})"
)


@dataclass(frozen=True)
class OpeningHours:
    """Days of the week (0 = Monday) and the daily hours [`opens`, `closes`) on them."""

    days: frozenset[int]
    opens: dt.time
    closes: dt.time | None  # None: until midnight

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        """'mon-fri 09:00-17:00', 'sat 10:00-12:00' or 'always'; a clear error otherwise."""
        text = text.strip().lower()
        if text == "always":
            return cls(frozenset(range(7)), dt.time(0, 0), None)
        match = _RULE.fullmatch(text)
        if not match or match["first"] not in DAYS or (match["last"] or "mon") not in DAYS:
            raise ValueError(f"opening hours must look like 'mon-fri 09:00-17:00', not {text!r}")
        first = DAYS.index(match["first"])
        last = DAYS.index(match["last"]) if match["last"] else first
        days = frozenset(day % 7 for day in range(first, last + 1 if last >= first else last + 8))
        opens, closes = _time(match["start"]), _time(match["end"])
        if closes is not None and closes <= opens:
            raise ValueError(f"opening hours must close after they open: {text!r}")
        return cls(days, opens, closes)

    def is_open(self, moment: dt.datetime) -> bool:
        """Whether workers answer at `moment` (a local time)."""
        if moment.weekday() not in self.days:
            return False
        now = moment.time()
        return now >= self.opens and (self.closes is None or now < self.closes)

    def next_opening(self, moment: dt.datetime) -> dt.datetime:
        """The first moment at or after `moment` when workers answer."""
        if self.is_open(moment):
            return moment
        for days_ahead in range(8):
            day = (moment + dt.timedelta(days=days_ahead)).date()
            opening = dt.datetime.combine(day, self.opens, tzinfo=moment.tzinfo)
            if opening >= moment and day.weekday() in self.days:
                return opening
        raise ValueError("opening hours never open")  # parse() allows no such hours

    def in_chinese(self) -> str:
        """The hours as residents are told them: '周一到周五 9:00到17:00'."""
        if self.closes is None and self.opens == dt.time(0, 0) and len(self.days) == 7:
            return "全天"
        days = "每天" if len(self.days) == 7 else _days_in_chinese(self.days)
        closes = f"{self.closes.hour}:{self.closes:%M}" if self.closes else "24:00"
        return f"{days} {self.opens.hour}:{self.opens:%M}到{closes}"


def _days_in_chinese(days: frozenset[int]) -> str:
    names = "一二三四五六日"
    ordered = sorted(days)
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 1:
        return f"周{names[ordered[0]]}到周{names[ordered[-1]]}"
    return "、".join(f"周{names[day]}" for day in ordered)


def _time(text: str) -> dt.time | None:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours == 24 and minutes == 0:
        return None
    return dt.time(hours, minutes)
