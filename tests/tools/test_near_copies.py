"""Taking near-copies out of a held-out file keeps its comments and the other entries as they
were, and prints no held-out line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tools.evaluation import near_copies

HELDOUT_FILE = """\
# A set.
# service: the slug.

# --- pay-water ---
- text: "我屋头的水费咋个交嘛"
  service: pay-water
  style: sichuanese
- text: "上个月的电费单子找不到了，在哪里看"
  service: pay-electricity
  style: colloquial

# --- pension ---
- text: "退休工资今年涨了没得"
  service: pension-query
  style: sichuanese
"""


def test_a_near_copy_is_taken_out_and_the_rest_kept_as_written(tmp_path: Path) -> None:
    path = tmp_path / "set.yml"
    path.write_text(HELDOUT_FILE, encoding="utf-8")
    training = ["我屋头的水费咋个交"]
    assert near_copies.drop_heldout_near_copies(path, training) == (1, 2)
    assert path.read_text(encoding="utf-8") == HELDOUT_FILE.replace(
        '- text: "我屋头的水费咋个交嘛"\n  service: pay-water\n  style: sichuanese\n', ""
    )
    assert [item["service"] for item in yaml.safe_load(path.read_text())] == [
        "pay-electricity",
        "pension-query",
    ]


def test_a_line_far_from_every_training_example_is_no_near_copy() -> None:
    assert near_copies.near_copy("退休工资今年涨了没得", ["我屋头的水费咋个交"]) is None


def test_the_command_prints_counts_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "set.yml"
    path.write_text(HELDOUT_FILE, encoding="utf-8")
    monkeypatch.setattr(near_copies, "training_texts", lambda: ["我屋头的水费咋个交"])
    monkeypatch.setattr("sys.argv", ["near_copies", "heldout", str(path)])
    assert near_copies.main() == 0
    printed = capsys.readouterr().out
    assert "1 near-copies taken out unread, 2 lines kept" in printed
    assert "水费" not in printed and "退休" not in printed
