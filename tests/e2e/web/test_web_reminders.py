"""A web resident's reminder, end to end (two web chat gateways as `make web` runs them, on one
database, the real Rasa and action servers, Debian's Chromium): set with taps at the happy end
of the pension certification's guide; due (the notice's moment moved to now in the database:
the clock the gateways read), it appears on the open page with the guide a tap away, once,
though both gateways look."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.e2e.reminder_steps import (
    DUE_WORDS,
    REMINDING,
    failures_once_sent,
    make_due,
    reminder_at,
)
from tests.e2e.web import web_harness as chat
from tests.e2e.web.conftest import SHARED_ADDRESS
from tests.e2e.web.web_harness import WebServer
from tools.serve import Stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def webs(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[WebServer]]:
    """Two instances of the web chat sharing the database, notices allowed at any hour."""
    logs = tmp_path_factory.mktemp("web-reminders")
    servers = [WebServer(stack, logs / f"web-{n}.log", SHARED_ADDRESS | REMINDING) for n in (1, 2)]
    for server in servers:
        server.start()
    yield servers
    for server in servers:
        server.stop()


def set_a_reminder(page: Page, web: WebServer) -> int:
    """The resident walks the pension certification to its end and taps 到时候提醒我."""
    chat.opened(page, web)
    chat.typed(page, "养老金认证咋个弄")
    chat.wait_for_words(page, "养老金资格认证")
    chat.tap(page, "一步一步教我办")
    total = chat.total_steps(page)
    for step in range(2, total + 1):
        chat.tap(page, "下一步")
        chat.wait_for_words(page, f"第{step}步（共{total}步）")
    chat.tap(page, "下一步")
    chat.wait_for_words(page, "办成了吗")
    chat.tap(page, "办成了")
    chat.wait_for_words(page, "要我到时候提醒您吗")
    assert chat.choice_titles(page) == ["到时候提醒我", "不用了"]
    chat.tap(page, "到时候提醒我")
    chat.wait_for_words(page, "记下了")
    return reminder_at(web.stack, "web", chat.storage(page)["chat.conversation"])


def test_a_web_resident_sees_the_notice_once_with_the_guide_a_tap_away(
    page: Page, webs: list[WebServer]
) -> None:
    web = webs[0]
    reminder = set_a_reminder(page, web)
    make_due(web.stack, reminder)
    chat.wait_for_words(page, DUE_WORDS)  # on the open page, at its next look
    assert chat.choice_titles(page) == ["现在就办", "过几天再说"]
    time.sleep(3)  # many looks of both gateways: neither sends it again
    page.reload()
    chat.wait_for_words(page, DUE_WORDS)
    assert sum(DUE_WORDS in words for words in chat.words_on(page)) == 1
    assert failures_once_sent(web.stack, reminder) == 0
    chat.tap(page, "现在就办")
    chat.wait_for_words(page, "第1步（共")
