"""A resident in the web chat asks for a person; a community worker on Telegram (its emulator
and gateway, tests/e2e/staff_harness.py) claims the request and answers; the page shows the
worker's words with their name, and the resident's words reach the worker; the resident can
end the talk with a tap. The two gateways meet only in the app database's handoff outbox."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.staff_harness import StaffGateway, Worker
from tests.e2e.web.web_harness import WebServer, tap, wait_for_words, words_on
from tools.processes import wait_until

pytestmark = pytest.mark.e2e

TOKEN = "556677:WEB-HANDOFF-TOKEN"
_user_ids = itertools.count(7_000_001)  # Telegram users of no other module


@pytest.fixture(scope="module")
def li(workers_gateway: StaffGateway) -> Worker:
    """A worker who joined with an invite code and went on duty."""
    worker = Worker(next(_user_ids), "李姐")
    workers_gateway.join(worker.user_id, worker.name)
    return worker


def test_a_web_resident_is_helped_by_a_worker_on_telegram(
    page: Page, web: WebServer, workers_gateway: StaffGateway, li: Worker
) -> None:
    staff = workers_gateway
    page.goto(web.url)
    expect(page.locator("#choices button", has_text="找人帮忙")).to_be_visible(timeout=60_000)
    tap(page, "找人帮忙")
    wait_for_words(page, "工作人员")
    number, notice = staff.announcement(li)
    assert "（居民在网页上，只能互发文字）" in notice["text"]
    staff.claim(li, number)
    wait_for_words(page, f"{li.name}来帮您了")

    page.fill("#words", "我的电话13812345678，医保卡丢了")
    page.press("#words", "Enter")
    staff.wait_for(li.user_id, "居民：我的电话138****5678，医保卡丢了")
    staff.say(li.user_id, text="您好，我是李姐。<b>别着急</b>，我来帮您查")
    wait_for_words(page, "李姐：")
    assert "李姐：您好，我是李姐。<b>别着急</b>，我来帮您查" in words_on(page)
    assert page.locator("#log b").count() == 0
    worker_line = page.locator(".line.worker").last
    expect(worker_line.locator(".who")).to_have_count(0)  # the worker's name, not 小助手
    expect(worker_line.locator(".listen")).to_be_visible()

    staff.command(li.user_id, "/done 解决了")
    wait_for_words(page, "小助手回来了")
    assert staff.request_row(number)[:3] == ("resolved", "worker", "solved")


def test_a_web_resident_can_end_the_talk_with_the_worker(
    page: Page, web: WebServer, workers_gateway: StaffGateway, li: Worker
) -> None:
    staff = workers_gateway
    page.goto(web.url)
    expect(page.locator("#choices button", has_text="找人帮忙")).to_be_visible(timeout=60_000)
    page.fill("#words", "我想找个人问问")
    page.press("#words", "Enter")
    wait_for_words(page, "工作人员")
    number, _ = staff.announcement(li)
    staff.claim(li, number)
    wait_for_words(page, f"{li.name}来帮您了")

    page.fill("#words", "不用了")
    page.press("#words", "Enter")
    staff.wait_for(li.user_id, "居民：不用了")
    wait_for_words(page, "您要结束和工作人员的对话吗？")
    tap(page, "结束，回到小助手")  # the tap sends its payload, end:N
    wait_for_words(page, "小助手回来了")
    staff.message_with(li.user_id, "居民结束了对话")
    wait_until(lambda: staff.request_row(number)[:2] == ("resolved", "resident"), 10, "the end")
