"""`make serve` and `make run`: both servers on 127.0.0.1, ready on /status (with the token kept
in the data directory), and stopped cleanly however a person or a process manager stops them
(SIGTERM or SIGINT, to the process or to its whole group, once or twice): exit code 0 and no
server left behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pytest

from lifecycle.rasa_token import rasa_token
from tests.conftest import build_catalog
from tools.serve import HOST, ROOT, free_ports

pytestmark = pytest.mark.e2e


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def processes_naming(port: int) -> list[int]:
    """Pids of live processes whose command line names `port` (our servers' ports are unique)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
                state = (entry / "stat").read_text().split(") ", 1)[1][0]
            except OSError:
                continue
            if state != "Z" and str(port).encode() in command:
                found.append(int(entry.name))
    return found


def start(
    command: list[str], tmp_path: Path, *, loaded: bool = True
) -> tuple[subprocess.Popen, int, int]:
    """Start `command` in a session of its own and wait until Rasa is ready (or, not `loaded`,
    only until the action server is up and Rasa is still loading its model)."""
    build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    rasa_port, actions_port = free_ports(2)
    env = dict(
        os.environ, RASA_PORT=str(rasa_port), ACTIONS_PORT=str(actions_port), DATA_DIR=str(tmp_path)
    )
    with (tmp_path / "serve.log").open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 180
    while not (status_ok(rasa_port, rasa_token(tmp_path)) if loaded else listening(actions_port)):
        assert process.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")
        assert time.monotonic() < deadline, "not ready after 180 s"
        time.sleep(0.2)
    assert listening(actions_port)
    return process, rasa_port, actions_port


def status_ok(port: int, token: str) -> bool:
    url = f"http://{HOST}:{port}/status?{urlencode({'token': token})}"
    try:
        with urllib.request.urlopen(url, timeout=5) as status:
            return status.status == 200
    except OSError:
        return False


def to_process(signum: int, times: int = 1) -> Callable[[subprocess.Popen], None]:
    def send(process: subprocess.Popen) -> None:
        for _ in range(times):
            process.send_signal(signum)
            time.sleep(0.2)

    return send


def to_group(signum: int, times: int = 1) -> Callable[[subprocess.Popen], None]:
    def send(process: subprocess.Popen) -> None:
        for _ in range(times):
            os.killpg(process.pid, signum)
            time.sleep(0.2)

    return send


SERVE = [sys.executable, "-m", "tools.serve"]
MAKE_SERVE = ["make", "--no-print-directory", "serve"]
MAKE_RUN = ["make", "--no-print-directory", "run"]


# Every way of stopping while Rasa is still loading its model (the longest and least guarded
# moment); once it is ready, one signal to the process and one to each command's group.
READY, LOADING = True, False
STOPS = {
    "serve-sigterm": (SERVE, to_process(signal.SIGTERM), (READY, LOADING)),
    "serve-sigint": (SERVE, to_process(signal.SIGINT), (LOADING,)),
    "serve-sigterm-twice": (SERVE, to_process(signal.SIGTERM, times=2), (LOADING,)),
    "make-serve-group-sigterm": (MAKE_SERVE, to_group(signal.SIGTERM), (LOADING,)),
    "make-serve-group-sigterm-twice": (MAKE_SERVE, to_group(signal.SIGTERM, times=2), (LOADING,)),
    "make-serve-group-sigint": (MAKE_SERVE, to_group(signal.SIGINT), (READY, LOADING)),
    "make-run-group-sigterm": (MAKE_RUN, to_group(signal.SIGTERM), (READY, LOADING)),
}


@pytest.mark.parametrize(
    ("command", "stop", "loaded"),
    [
        pytest.param(command, stop, loaded, id=f"{name}-{'ready' if loaded else 'while-loading'}")
        for name, (command, stop, states) in STOPS.items()
        for loaded in states
    ],
)
def test_every_way_of_stopping_leaves_no_server_behind(
    command: list[str], stop: Callable[[subprocess.Popen], None], loaded: bool, tmp_path: Path
) -> None:
    process, rasa_port, actions_port = start(command, tmp_path, loaded=loaded)
    try:
        stop(process)
        code = process.wait(timeout=40)
        if command == SERVE:
            assert code == 0
        deadline = time.monotonic() + 30
        while processes_naming(rasa_port) or processes_naming(actions_port):
            assert time.monotonic() < deadline, "a server was left running"
            time.sleep(0.5)
        assert not listening(rasa_port) and not listening(actions_port)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
