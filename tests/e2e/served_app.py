"""A web app of this project (the editors' admin, the web chat) started as its make command
starts it, on a free loopback port, and stopped; and the Debian Chromium the browser tests drive
with Playwright (which cannot download its own browsers here)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tools.serve import HOST, ROOT, free_ports

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@dataclass
class ServedApp:
    """One app process; a subclass says how it is run (`command`, `environment`), where it
    logs, and which page answers once it is ready (`ready_path`)."""

    port: int = field(default_factory=lambda: free_ports(1)[0], init=False)
    process: subprocess.Popen | None = field(default=None, init=False)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def command(self) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict[str, str]:
        raise NotImplementedError

    def log_path(self) -> Path:
        raise NotImplementedError

    ready_path = "/"

    def start(self, timeout: float = 30.0) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", *self.command()],
            cwd=ROOT,
            env=dict(os.environ, **self.environment()),
            stdout=self.log_path().open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while not _answers(f"{self.base_url}{self.ready_path}"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"{' '.join(self.command())} did not start; see {self.log_path()}"
                )
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False
