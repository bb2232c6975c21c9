"""Per-resident throttling: a flood is told once, then ignored until it calms down."""

from __future__ import annotations

from bot.telegram.throttle import Throttle, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_messages_within_the_limit_are_allowed() -> None:
    throttle = Throttle(messages=3, seconds=10, clock=Clock())
    assert [throttle.check("tg-a") for _ in range(3)] == [Verdict.ALLOW] * 3


def test_a_flood_is_told_once_then_ignored() -> None:
    throttle = Throttle(messages=2, seconds=10, clock=Clock())
    verdicts = [throttle.check("tg-a") for _ in range(5)]
    assert verdicts == [
        Verdict.ALLOW,
        Verdict.ALLOW,
        Verdict.REFUSE_AND_TELL,
        Verdict.REFUSE,
        Verdict.REFUSE,
    ]


def test_one_residents_flood_does_not_limit_another() -> None:
    throttle = Throttle(messages=1, seconds=10, clock=Clock())
    throttle.check("tg-a")
    assert throttle.check("tg-a") is Verdict.REFUSE_AND_TELL
    assert throttle.check("tg-b") is Verdict.ALLOW


def test_after_the_window_the_resident_is_heard_again_and_told_again_next_time() -> None:
    clock = Clock()
    throttle = Throttle(messages=1, seconds=10, clock=clock)
    throttle.check("tg-a")
    throttle.check("tg-a")
    clock.now += 10.5
    assert throttle.check("tg-a") is Verdict.ALLOW
    assert throttle.check("tg-a") is Verdict.REFUSE_AND_TELL
