"""Train the Rasa model and log how long it took (var/logs/training.log).

.venv/app/bin/python -m tools.train            # reuses Rasa's cache of unchanged parts
.venv/app/bin/python -m tools.train --force    # a full training, as on a fresh clone
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools.serve import RASA_BIN, ROOT

LOG = ROOT / "var" / "logs" / "training.log"


def cache_directory() -> Path:
    """Where Rasa keeps the trained parts it reuses (its own setting, .rasa/cache by default)."""
    return ROOT / os.environ.get("RASA_CACHE_DIRECTORY", ".rasa/cache")


def main() -> int:
    if "--force" in sys.argv[1:]:
        # A forced training would replace the cache's entries but leave their old files behind,
        # tracked by no entry yet counted against the cache's 1 GB cap, until they crowd out
        # the parts reused next time. It starts from no cache, as a fresh clone does.
        shutil.rmtree(cache_directory(), ignore_errors=True)
    started = time.monotonic()
    result = subprocess.run(
        [
            str(RASA_BIN),
            "train",
            "--fixed-model-name",
            "assistant",
            "--out",
            "models",
            *sys.argv[1:],
        ],
        cwd=ROOT,
        env=dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
        ),
    )
    minutes = (time.monotonic() - started) / 60
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("a", encoding="utf-8") as log:
        log.write(
            f"{dt.datetime.now().isoformat(timespec='seconds')} "
            f"exit={result.returncode} minutes={minutes:.2f} cores={os.cpu_count()} "
            f"args={' '.join(sys.argv[1:]) or '-'}\n"
        )
    print(
        f"==> Training {'finished' if result.returncode == 0 else 'FAILED'} "
        f"in {minutes:.1f} minutes (logged to {LOG.relative_to(ROOT)})"
    )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
