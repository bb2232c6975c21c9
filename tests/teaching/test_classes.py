"""A class: steps at the worker's pace, answers per step, the tally, late joiners, the end."""

from __future__ import annotations

import datetime as dt

from handoff import staff
from teaching import classes

NOW = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.timezone.utc)
GROUP = -100_123


def names(members: list[classes.Member]) -> list[str]:
    return [m.name for m in members]


def test_a_class_with_a_stuck_member_and_a_late_one(sessions) -> None:
    code = staff.create_invite(sessions, "worker", NOW, dt.timedelta(days=1))
    worker = staff.join(sessions, code, telegram_user_id=1, display_name="李姐", now=NOW)
    taught = classes.start(sessions, worker.id, GROUP, "pay-water", 3)
    assert classes.running_in(sessions, GROUP).id == taught.id

    def answer(who: str, step: int, what: str) -> bool:
        _, new = classes.answer(
            sessions,
            taught.id,
            step=step,
            answer=what,
            sender_id=f"tg-{who}",
            telegram_user_id=hash(who) % 1000,
            name=who,
        )
        return new

    assert answer("王阿姨", 1, "done")
    assert answer("张大爷", 1, "stuck")
    tally = classes.tally(sessions, taught.id)
    assert (names(tally.done), names(tally.stuck), names(tally.waiting)) == (
        ["王阿姨"],
        ["张大爷"],
        [],
    )
    assert not answer("张大爷", 1, "done")  # unstuck
    assert names(classes.tally(sessions, taught.id).done) == ["王阿姨", "张大爷"]

    assert classes.advance(sessions, taught.id).step == 2
    assert names(classes.tally(sessions, taught.id).waiting) == ["王阿姨", "张大爷"]
    assert answer("李婆婆", 2, "done")  # joined late: new to the class, on step 2
    assert classes.advance(sessions, taught.id).step == 3
    assert classes.advance(sessions, taught.id) is None  # the last step

    members = classes.end(sessions, taught.id, NOW)
    assert names(members) == ["王阿姨", "张大爷", "李婆婆"]
    assert classes.stuck_count(sessions, taught.id) == 1
    assert classes.running_in(sessions, GROUP) is None
    assert all(
        m.telegram_user_id is None for m in map(lambda m: classes.member(sessions, m.id), members)
    )
    assert (
        classes.answer(
            sessions,
            taught.id,
            step=3,
            answer="done",
            sender_id="tg-x",
            telegram_user_id=9,
            name="x",
        )
        is None
    )
