"""The benchmark's synthetic catalog is as large as it says, and matching it is timed."""

from __future__ import annotations

from tools.bench import matching_p95, synthetic_services


def test_ten_thousand_distinct_synthetic_services() -> None:
    services = synthetic_services(10_000)
    assert len({s.name for s in services}) == len(services) == 10_000


def test_matching_time_is_measured_on_the_given_catalog() -> None:
    assert matching_p95(synthetic_services(50), ["我想交电费", "社保卡丢了"]) > 0
