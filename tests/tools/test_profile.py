"""The profile's shares count only the samples where a server was answering."""

from __future__ import annotations

from pathlib import Path

from tools.profile import heaviest

RAW = """\
process 1;main (a.py:1);serve (b.py:2);Agent.handle_message (agent.py:9);parse (p.py:3) 30
process 1;main (a.py:1);serve (b.py:2);Agent.handle_message (agent.py:9);save (s.py:4) 10
process 1;main (a.py:1);serve (b.py:2);select (selectors.py:5) 500
"""


def test_shares_are_of_answering_time_only(tmp_path: Path) -> None:
    raw = tmp_path / "rasa.txt"
    raw.write_text(RAW, encoding="utf-8")
    assert heaviest(raw, "Agent.handle_message", 3) == [
        (100.0, "Agent.handle_message (agent.py:9)"),
        (75.0, "parse (p.py:3)"),
        (25.0, "save (s.py:4)"),
    ]


def test_a_server_that_never_answered_has_no_frames(tmp_path: Path) -> None:
    raw = tmp_path / "rasa.txt"
    raw.write_text(RAW.splitlines()[-1] + "\n", encoding="utf-8")
    assert heaviest(raw, "Agent.handle_message", 3) == []
