"""Run the action server and the Rasa server together, on loopback, until stopped.

`make serve` runs this in the foreground; the end-to-end tests use `Stack` to start both
servers once per test run on free ports. Ready when Rasa's `GET /status` answers 200. Rasa's HTTP
API answers only with the token (`RASA_TOKEN`, or the one kept in the data directory:
`lifecycle.rasa_token`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO
from urllib.parse import urlencode, urlsplit

from sqlalchemy.engine import make_url

from catalog.database import DATA_DIR
from lifecycle.rasa_token import TOKEN_FILE, rasa_token
from lifecycle.signals import stop_on_first_signal

ROOT = Path(__file__).resolve().parent.parent
RASA_BIN = ROOT / ".venv" / "rasa" / "bin" / "rasa"
# Rasa's own Redis lock store issues tickets non-atomically; this one locks atomically.
REDIS_LOCK_STORE = "rasa_addons.atomic_redis_lock_store.AtomicRedisLockStore"
HOST = "127.0.0.1"


@dataclass
class Stack:
    """The two servers of one assistant: `python -m rasa_sdk` and `rasa run`."""

    rasa_port: int = int(os.environ.get("RASA_PORT", "5005"))
    actions_port: int = int(os.environ.get("ACTIONS_PORT", "5055"))
    model: Path = ROOT / "models" / "assistant.tar.gz"
    data_dir: Path = DATA_DIR
    log_dir: Path | None = None  # None: both servers print to this terminal
    # Conversations: SQLite in data_dir unless a database URL is given (PostgreSQL for many
    # instances); with a Redis URL, Rasa locks each conversation across instances.
    tracker_store_url: str | None = os.environ.get("TRACKER_STORE_URL") or None
    redis_url: str | None = os.environ.get("REDIS_URL") or None
    env: dict[str, str] = field(default_factory=dict)  # more settings for both servers
    # Where Rasa calls the actions: its own action server, unless a load balancer is in front.
    actions_endpoint: str | None = None
    # What Rasa's HTTP API asks for; empty: RASA_TOKEN or the one kept in data_dir, at start.
    token: str = ""
    _processes: list[subprocess.Popen] = field(default_factory=list)
    _logs: list[IO] = field(default_factory=list)

    @property
    def rasa_url(self) -> str:
        return f"http://{HOST}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{HOST}:{self.actions_port}"

    @property
    def auth(self) -> dict[str, str]:
        """The query parameter every call to Rasa's HTTP API carries (the REST channel needs
        none)."""
        return {"token": self.token}

    def start(self, timeout: float = 180.0) -> None:
        """Start both servers and wait until Rasa has loaded the model.

        Interrupted or failed on the way (a signal while the model loads), it stops what it
        started before passing the exception on: no server is left behind.
        """
        try:
            self._start(timeout)
        except BaseException:
            self.stop()
            raise

    def _start(self, timeout: float) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.token = self.token or rasa_token(self.data_dir)
        env = dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            DATA_DIR=str(self.data_dir),
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            **self.env,
        )
        self._spawn(
            "actions",
            [
                sys.executable,
                "-m",
                "rasa_sdk",
                "--actions",
                "actions",
                "--port",
                str(self.actions_port),
            ],
            dict(env, SANIC_HOST=HOST),
        )
        self._spawn(
            "rasa",
            self.rasa_command(),
            dict(
                env,
                ACTIONS_URL=f"{self.actions_endpoint or self.actions_url}/webhook",
                **self.store_settings(),
            ),
        )
        deadline = time.monotonic() + timeout
        checks = {f"{self.actions_url}/health": {}, f"{self.rasa_url}/status": self.auth}
        for url, params in checks.items():
            while not _answers_ok(url, params):
                if time.monotonic() > deadline or any(
                    p.poll() is not None for p in self._processes
                ):
                    raise RuntimeError(f"the servers did not start: {url} never answered 200")
                time.sleep(0.5)

    def rasa_command(self) -> list[str]:
        """`rasa run` on loopback, with the HTTP API behind the token."""
        return [
            str(RASA_BIN),
            "run",
            "--enable-api",
            # One argument: a token may begin with "-" (token_urlsafe), which argparse would
            # take for an option.
            f"--auth-token={self.token}",
            "--interface",
            HOST,
            "--port",
            str(self.rasa_port),
            "--model",
            str(self.model),
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            "credentials.yml",
        ]

    def store_settings(self) -> dict[str, str]:
        """The variables endpoints.yml reads: where conversations live and how they are locked."""
        tracker = make_url(
            self.tracker_store_url or f"sqlite:///{self.data_dir / 'conversations.db'}"
        )
        settings = {
            "TRACKER_DIALECT": tracker.get_backend_name(),
            "TRACKER_HOST": tracker.host or "",
            "TRACKER_PORT": str(tracker.port or ""),
            "TRACKER_DB": tracker.database or "",
            "TRACKER_USERNAME": tracker.username or "",
            "TRACKER_PASSWORD": tracker.password or "",
            "LOCK_STORE_TYPE": "in_memory",
            "LOCK_STORE_HOST": "",
            "LOCK_STORE_PORT": "",
            "LOCK_STORE_PASSWORD": "",
            "LOCK_STORE_DB": "",
        }
        if self.redis_url:
            redis = urlsplit(self.redis_url)
            settings.update(
                LOCK_STORE_TYPE=REDIS_LOCK_STORE,
                LOCK_STORE_HOST=redis.hostname or HOST,
                LOCK_STORE_PORT=str(redis.port or 6379),
                LOCK_STORE_PASSWORD=redis.password or "",
                LOCK_STORE_DB=redis.path.strip("/") or "1",
            )
        return settings

    def stop(self) -> None:
        """Stop both servers (SIGTERM, then SIGKILL after 20 s) and close their logs."""
        for process in self._processes:
            _signal_group(process, signal.SIGTERM)
        for process in self._processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
        for log in self._logs:
            log.close()
        self._processes.clear()
        self._logs.clear()

    def processes(self) -> dict[str, subprocess.Popen]:
        """The running server processes by name ("actions", "rasa")."""
        return dict(zip(("actions", "rasa"), self._processes, strict=False))

    def running(self) -> bool:
        """True while both servers are alive."""
        return bool(self._processes) and all(p.poll() is None for p in self._processes)

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()

    def _spawn(self, name: str, command: list[str], env: dict[str, str]) -> None:
        output: IO | None = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = (self.log_dir / f"{name}.log").open("wb")
            self._logs.append(output)
        self._processes.append(
            subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=output, stderr=output, start_new_session=True
            )
        )


def free_ports(count: int) -> list[int]:
    """Loopback ports nobody listens on right now."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind((HOST, 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def _answers_ok(url: str, params: dict[str, str]) -> bool:
    try:
        with urllib.request.urlopen(f"{url}?{urlencode(params)}", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def main() -> int:
    stack = Stack()
    stop_on_first_signal()
    print(
        f"Starting the action server ({stack.actions_url}) and Rasa ({stack.rasa_url})…", flush=True
    )
    try:
        stack.start()
        kept = "RASA_TOKEN" if os.environ.get("RASA_TOKEN") else stack.data_dir / TOKEN_FILE
        print(f"Ready: POST {stack.rasa_url}/webhooks/rest/webhook  (Ctrl-C stops)")
        print(f"Rasa's HTTP API wants ?token= (from {kept})", flush=True)
        while stack.running():
            time.sleep(1)
        print("A server stopped unexpectedly; stopping the other.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
