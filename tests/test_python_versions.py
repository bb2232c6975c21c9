"""pyproject.toml allows Python 3.10, so the lint checks for 3.10: names only 3.11 has (such as
`datetime.UTC`) are refused before they reach a 3.10 machine."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
RUFF = Path(sys.executable).parent / "ruff"


def test_the_lint_targets_the_oldest_python_allowed() -> None:
    oldest = re.search(r'^requires-python = ">=3\.(\d+)', PYPROJECT, re.M)[1]
    assert f'target-version = "py3{oldest}"' in PYPROJECT


def test_datetime_utc_is_refused_in_every_spelling() -> None:
    probe = (
        "import datetime\nimport datetime as dt\nfrom datetime import UTC\n\n"
        "A = dt.datetime.now(dt.UTC)\nB = datetime.UTC\nC = UTC\n"
    )
    found = subprocess.run(
        [RUFF, "check", "--no-fix", "--output-format", "concise", "--stdin-filename", "probe.py"],
        input=probe,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert found.stdout.count("TID251") == 3, found.stdout
