"""The web chat's gateway started as `make web` starts it (`python -m bot.web`), on a free
loopback port, against the real Rasa server of the end-to-end tests; and what the browser tests
need to read a page: its lines and its storage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.served_app import ServedApp
from tools.serve import ROOT, Stack

AXE = ROOT / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"  # make test installs it


@dataclass
class WebServer(ServedApp):
    """One web chat process; `settings` are more `WEB_*` variables."""

    stack: Stack
    log: Path
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"{self.base_url}/"

    def command(self) -> list[str]:
        return ["bot.web"]

    def environment(self) -> dict[str, str]:
        return {
            "WEB_PORT": str(self.port),
            "RASA_URL": self.stack.rasa_url,
            "RASA_TOKEN": self.stack.token,
            "DATABASE_URL": f"sqlite:///{self.stack.data_dir / 'app.db'}",
            "HANDOFF_OPENING_HOURS": "always",
            "HANDOFF_CHECK_SECONDS": "0.3",
            **self.settings,
        }

    def log_path(self) -> Path:
        return self.log


def words_on(page: Page) -> list[str]:
    """The texts of the conversation's lines on the page, in order."""
    return page.locator("#log .line .words").all_text_contents()


def wait_for_words(page: Page, words: str, timeout: float = 60_000) -> None:
    """Until a line of the conversation holds `words`."""
    expect(page.locator("#log .line .words", has_text=words).last).to_be_visible(timeout=timeout)


def choice_titles(page: Page) -> list[str]:
    return page.locator("#choices button").all_text_contents()


def tap(page: Page, title: str) -> None:
    """Tap the offered button titled `title`."""
    page.locator("#choices button", has_text=title).first.click()


def opened(page: Page, web: WebServer) -> Page:
    """The page, once the assistant's welcome offers its menu."""
    page.goto(web.url)
    expect(page.locator("#choices button", has_text="生活缴费")).to_be_visible(timeout=60_000)
    return page


def typed(page: Page, words: str) -> None:
    page.fill("#words", words)
    page.press("#words", "Enter")


def total_steps(page: Page) -> int:
    """The number of steps of the guide whose first step was just shown."""
    wait_for_words(page, "第1步（共")
    first = next(text for text in words_on(page) if "第1步（共" in text)
    return int(re.search(r"第1步（共(\d+)步）", first).group(1))


def storage(page: Page) -> dict[str, str]:
    """Everything the page keeps on the device."""
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")
