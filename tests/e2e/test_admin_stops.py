"""`python -m admin serve` stops within seconds and exits 0 however it is stopped: SIGTERM or
SIGINT, to the process or to its group, once or twice."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.admin_harness import AdminServer
from tests.e2e.test_serve_command import listening, to_group, to_process

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "stop",
    [
        to_process(signal.SIGTERM),
        to_process(signal.SIGINT),
        to_process(signal.SIGTERM, times=2),
        to_group(signal.SIGTERM),
        to_group(signal.SIGINT, times=2),
    ],
    ids=["sigterm", "sigint", "sigterm-twice", "group-sigterm", "group-sigint-twice"],
)
def test_the_admin_stops_cleanly(stop: Callable[[subprocess.Popen], None], tmp_path: Path) -> None:
    admin = AdminServer(tmp_path, "http://127.0.0.1:1")
    admin.start()
    assert admin.process is not None
    try:
        stop(admin.process)
        assert admin.process.wait(timeout=15) == 0
        assert not listening(admin.port)
    finally:
        admin.stop()
