"""The web chat of these tests (its gateway as `make web` runs it, against the session's real
Rasa and action servers) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.e2e.web.web_harness import WebServer
from tools.serve import Stack

# Every browser of these tests comes from one address: only the per-conversation limit bites.
SHARED_ADDRESS = {
    "WEB_ADDRESS_MESSAGES": "10000",
    "WEB_ADDRESS_CONVERSATIONS": "10000",
    "WEB_CONVERSATION_WINDOW_SECONDS": "4",
}


@pytest.fixture(scope="module")
def web(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    server = WebServer(stack, tmp_path_factory.mktemp("web") / "web.log", SHARED_ADDRESS)
    server.start()
    yield server
    server.stop()


NewPage = Callable[..., Page]


@pytest.fixture
def new_page(browser: Browser) -> Iterator[NewPage]:
    """Pages in fresh browser contexts (a device each): `width` in CSS pixels, `init` a script
    run before the page's own (stubs of the browser's speech), `bypass_csp` for injecting
    axe-core."""
    contexts: list[BrowserContext] = []

    def make(width: int = 1024, init: str | None = None, bypass_csp: bool = False) -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="zh-CN", bypass_csp=bypass_csp
        )
        contexts.append(context)
        if init:
            context.add_init_script(init)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: NewPage) -> Page:
    return new_page()
