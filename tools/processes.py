"""The processes the tests and tools start: waiting for them, stopping them, and a gateway run
as `make bot` or `make wechat` would run it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tools.serve import ROOT


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `condition` every 0.1 s; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, and SIGKILL if it has not exited 15 s later."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class GatewayProcess:
    """`python -m <module>` with the settings `env` (the caller's own `<prefix>*` variables
    left out), in its own process group as under a process manager, its output appended to
    `log`; started once `started` is logged once more than before."""

    def __init__(
        self, module: str, env: dict[str, str], log: Path, *, prefix: str, started: str
    ) -> None:
        self.log = log
        self._started_line = started
        self._starts = log.read_text().count(started) if log.exists() else 0
        clean = {k: v for k, v in os.environ.items() if not k.startswith(prefix)}
        self._log = log.open("ab")
        self._process = subprocess.Popen(
            [sys.executable, "-m", module],
            cwd=ROOT,
            env={**clean, **env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(self._started, 30, f"{module} to start (see {log})")

    def stop(self) -> None:
        stop(self._process)
        self._log.close()

    @property
    def process(self) -> subprocess.Popen:
        return self._process

    def _started(self) -> bool:
        if self._process.poll() is not None:
            raise AssertionError(f"the gateway exited: {self.log.read_text()}")
        return self.log.read_text().count(self._started_line) > self._starts
