"""What helpers were shown (谁看过): each share kept for the resident, a run of the same kind
counted on one line, and kept after the helper is removed."""

from __future__ import annotations

import datetime as dt

from family import links, shares
from tests.family.test_family_asking import DAUGHTER, MOTHER, NOW, SON, link


def test_shares_are_listed_newest_first_with_runs_counted(sessions) -> None:
    son, daughter = link(sessions, SON, "儿子"), link(sessions, DAUGHTER, "女儿")
    shares.record(sessions, son, "request", NOW, "pay-water")
    for minute in range(1, 4):
        shares.record(sessions, son, "message", NOW + dt.timedelta(minutes=minute), "pay-water")
    shares.record(sessions, daughter, "photo", NOW + dt.timedelta(minutes=5), "pay-water")
    later = NOW + dt.timedelta(minutes=40)  # a new run: a new line
    shares.record(sessions, son, "photo", later, "pay-water")
    listed = shares.latest(sessions, MOTHER, 10)
    assert [(s.relation, s.what, s.count) for s in listed] == [
        ("儿子", "photo", 1),
        ("女儿", "photo", 1),
        ("儿子", "message", 3),
        ("儿子", "request", 1),
    ]
    assert shares.latest(sessions, MOTHER, 2) == listed[:2]
    assert shares.latest(sessions, "tg-someone-else", 10) == []


def test_a_removed_helpers_shares_stay_on_the_residents_record(sessions) -> None:
    son = link(sessions, SON, "儿子")
    shares.record(sessions, son, "progress", NOW, "pay-water")
    links.remove(sessions, MOTHER, son.id, NOW)
    [kept] = shares.latest(sessions, MOTHER, 3)
    assert (kept.relation, kept.what, kept.last_at) == ("儿子", "progress", NOW)
