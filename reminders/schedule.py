"""When to send a reminder's notices: on the day `days_before` the due day, from the start of
the resident's daytime, and never at night (a notice found due at night waits for the
morning). Pure: no database, no clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Daytime:
    """The part of the resident's day notices may be sent in, in their time zone."""

    start: dt.time
    end: dt.time
    zone: ZoneInfo

    @classmethod
    def parse(cls, text: str, zone: str) -> Daytime:
        """'09:00-20:00' in `zone` (an IANA name such as Asia/Shanghai)."""
        start, end = (dt.time.fromisoformat(part) for part in text.split("-"))
        if not start < end:
            raise ValueError(f"daytime must start before it ends: {text!r}")
        return cls(start, end, ZoneInfo(zone))

    def contains(self, moment: dt.datetime) -> bool:
        return self.start <= moment.astimezone(self.zone).time() < self.end

    def next_start(self, moment: dt.datetime) -> dt.datetime:
        """`moment` if it is daytime, else the start of the next daytime (in UTC)."""
        if self.contains(moment):
            return moment
        local = moment.astimezone(self.zone)
        day = local.date() if local.time() < self.start else local.date() + dt.timedelta(days=1)
        return self.morning_of(day)

    def morning_of(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.start, self.zone).astimezone(dt.timezone.utc)


def notice_moments(
    due_on: dt.date, now: dt.datetime, days_before: tuple[int, ...], daytime: Daytime
) -> list[tuple[int, dt.datetime]]:
    """(days before, from when to send) for each notice still ahead: a notice whose day has
    passed is left out; one due today is sent from now (in daytime)."""
    today = now.astimezone(daytime.zone).date()
    moments = []
    for days in sorted(set(days_before), reverse=True):
        day = due_on - dt.timedelta(days=days)
        if day >= today:
            moments.append((days, max(daytime.morning_of(day), daytime.next_start(now))))
    return moments
