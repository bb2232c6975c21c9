"""The benchmark's synthetic catalog is as large as it says, matching it is timed, and every
sender's turns are counted."""

from __future__ import annotations

import time

import pytest

from tools.bench import matching_p95, synthetic_services, turns_per_second


def test_ten_thousand_distinct_synthetic_services() -> None:
    services = synthetic_services(10_000)
    assert len({s.name for s in services}) == len(services) == 10_000


def test_matching_time_is_measured_on_the_given_catalog() -> None:
    assert matching_p95(synthetic_services(50), ["我想交电费", "社保卡丢了"]) > 0


def test_turns_per_second_counts_every_senders_turns() -> None:
    seen: list[tuple[int, int]] = []

    def turn(sender: int, count: int) -> None:
        seen.append((sender, count))
        time.sleep(0.01)

    rate = turns_per_second(3, 0.3, turn)
    assert {sender for sender, _ in seen} == {0, 1, 2}
    assert (2, 1) in seen  # each sender goes on until the time is up
    assert rate == pytest.approx(len(seen) / 0.3, rel=0.3)
