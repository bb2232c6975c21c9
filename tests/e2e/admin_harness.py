"""The editors' admin started as `python -m admin serve` does it, and a real Chromium from
Debian driven by Playwright (which cannot download its own browsers here)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

from tools.serve import HOST, ROOT, free_ports

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# `make screenshots` points this at docs/images/admin for the editor guide.
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "build" / "screenshots"))
PASSWORD = "长一点的密码-2026"


@dataclass
class AdminServer:
    """One admin process on a free loopback port, on the given data directory and Rasa."""

    data_dir: Path
    rasa_url: str
    port: int = field(default_factory=lambda: free_ports(1)[0])
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        env = dict(
            os.environ,
            DATA_DIR=str(self.data_dir),
            ADMIN_PORT=str(self.port),
            ADMIN_SECRET_KEY="a-test-secret-that-is-long-enough-123",
            RASA_URL=self.rasa_url,
            ADMIN_MODEL_DIR=str(self.data_dir / "models"),
        )
        log = (self.data_dir / "admin.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "admin", "serve"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while not _answers(f"{self.url}/login"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the admin did not start; see {self.data_dir / 'admin.log'}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


def sign_in(page: Page, url: str, name: str, password: str = PASSWORD) -> None:
    page.goto(f"{url}/login")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("button[type=submit]")


def shoot(page: Page, name: str) -> None:
    """A screenshot for the editor guide (docs/editor-guide.md)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=False)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False
