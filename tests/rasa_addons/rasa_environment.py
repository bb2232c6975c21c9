"""Run a check script in the Rasa environment, as the Rasa server runs our extensions."""

from __future__ import annotations

import subprocess

from tools.serve import ROOT

RASA_PYTHON = ROOT / ".venv" / "rasa" / "bin" / "python"


def passes_in_rasa(script: str, *args: str) -> None:
    """Run `script`; it must exit 0 after printing "ok"."""
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", script, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
