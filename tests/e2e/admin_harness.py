"""The editors' admin started as `python -m admin serve` does it, signing in, and the editor
guide's screenshots."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from tests.e2e.served_app import ServedApp
from tools.serve import ROOT

# `make screenshots` points this at docs/images/admin for the editor guide.
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "build" / "screenshots"))
PASSWORD = "长一点的密码-2026"


@dataclass
class AdminServer(ServedApp):
    """`python -m admin serve` on the given data directory and Rasa."""

    data_dir: Path
    rasa_url: str
    ready_path = "/login"

    @property
    def url(self) -> str:
        return self.base_url

    def command(self) -> list[str]:
        return ["admin", "serve"]

    def environment(self) -> dict[str, str]:
        return {
            "DATA_DIR": str(self.data_dir),
            "ADMIN_PORT": str(self.port),
            "ADMIN_SECRET_KEY": "a-test-secret-that-is-long-enough-123",
            "RASA_URL": self.rasa_url,
            "ADMIN_MODEL_DIR": str(self.data_dir / "models"),
        }

    def log_path(self) -> Path:
        return self.data_dir / "admin.log"


def sign_in(page: Page, url: str, name: str, password: str = PASSWORD) -> None:
    page.goto(f"{url}/login")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("button[type=submit]")


def shoot(page: Page, name: str) -> None:
    """A screenshot for the editor guide (docs/editor-guide.md)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=False)
