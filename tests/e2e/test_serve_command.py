"""`make serve`'s program: both servers on 127.0.0.1, ready on /status, stopped by SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import build_catalog
from tools.serve import HOST, ROOT, free_ports

pytestmark = pytest.mark.e2e


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def test_serve_starts_both_servers_and_sigterm_stops_them_cleanly(tmp_path: Path) -> None:
    build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    rasa_port, actions_port = free_ports(2)
    env = dict(
        os.environ, RASA_PORT=str(rasa_port), ACTIONS_PORT=str(actions_port), DATA_DIR=str(tmp_path)
    )
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        serve = subprocess.Popen(
            [sys.executable, "-m", "tools.serve"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 180
        while "Ready:" not in log.read_text(errors="replace"):
            assert serve.poll() is None, "tools.serve ended before it was ready"
            assert time.monotonic() < deadline, "not ready after 180 s"
            time.sleep(0.5)
        with urllib.request.urlopen(f"http://{HOST}:{rasa_port}/status", timeout=5) as status:
            assert status.status == 200
        assert listening(actions_port)
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=40) == 0
        assert not listening(rasa_port) and not listening(actions_port)
    finally:
        if serve.poll() is None:
            serve.kill()
