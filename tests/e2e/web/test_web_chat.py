"""A resident in the web chat, in Debian's Chromium, against the real Rasa and action servers:
a whole guide by taps with a reload in the middle, and by typing; 换一个人用; reading aloud and
speech input where the browser has them; hostile input; a shared tablet in kiosk mode."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from bot.web.texts import load_texts
from tests.e2e.web.conftest import SHARED_ADDRESS, NewPage
from tests.e2e.web.web_harness import (
    WebServer,
    choice_titles,
    opened,
    storage,
    tap,
    total_steps,
    typed,
    wait_for_words,
    words_on,
)
from tools.serve import Stack

pytestmark = pytest.mark.e2e

TEXTS = load_texts()
PAGE, REFUSALS = TEXTS.page, TEXTS.refusals
# The browser's speech, stubbed: what would be read aloud is noted; recognition is absent.
SPEECH_STUB = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak(utterance) { window.__spoken.push({text: utterance.text, lang: utterance.lang}); },
  cancel() {},
}});
delete window.SpeechRecognition;
delete window.webkitSpeechRecognition;
"""
RECOGNITION_STUB = "window.webkitSpeechRecognition = class { start() {} stop() {} };"


def test_a_whole_guide_by_taps_continues_after_a_reload(page: Page, web: WebServer) -> None:
    opened(page, web)
    tap(page, "生活缴费")
    expect(page.locator("#choices button", has_text="缴纳水费")).to_be_visible(timeout=30_000)
    tap(page, "缴纳水费")
    wait_for_words(page, "您问的是「缴纳水费」")
    tap(page, "一步一步教我办")
    total = total_steps(page)
    tap(page, "下一步")
    wait_for_words(page, f"第2步（共{total}步）")
    kept = storage(page)["chat.conversation"]

    page.reload()
    wait_for_words(page, f"第2步（共{total}步）")
    assert words_on(page)[0].startswith("您好")  # the whole conversation is back
    assert storage(page)["chat.conversation"] == kept
    assert "下一步" in choice_titles(page)
    for step in range(3, total + 1):
        tap(page, "下一步")
        wait_for_words(page, f"第{step}步（共{total}步）")
    tap(page, "下一步")
    wait_for_words(page, "办成了吗")
    assert not any(text.startswith("/") for text in words_on(page)), "payloads never shown"


def test_a_whole_guide_by_typing(page: Page, web: WebServer) -> None:
    opened(page, web)
    typed(page, "水费咋个交嘛")
    wait_for_words(page, "您问的是「缴纳水费」")
    typed(page, "一步一步教我办")  # a button's title typed: the gateway sends its payload
    total = total_steps(page)
    for step in range(2, total + 1):
        typed(page, "好了")
        wait_for_words(page, f"第{step}步（共{total}步）")
    typed(page, "然后呢")
    wait_for_words(page, "办成了吗")


def test_another_person_finds_nothing_of_the_last_conversation(page: Page, web: WebServer) -> None:
    opened(page, web)
    typed(page, "我电话13812345678，医保卡丢了")
    wait_for_words(page, "138****5678")
    first = storage(page)["chat.conversation"]
    page.click("#new-person")
    expect(page.locator("#choices button", has_text="生活缴费")).to_be_visible(timeout=60_000)
    shown = page.locator("body").inner_text()
    assert "医保卡" not in shown and "5678" not in shown
    kept = storage(page)
    assert kept["chat.conversation"] != first
    assert set(kept) <= {"chat.conversation", "chat.larger", "chat.autoRead"}
    assert not any("医保" in value for value in kept.values())
    gone = page.request.get(f"{web.url}api/conversations/{first}")
    assert gone.status == 404


def test_each_answer_can_be_read_aloud_and_every_answer_on_request(
    new_page: NewPage, web: WebServer
) -> None:
    page = opened(new_page(init=SPEECH_STUB), web)
    expect(page.locator("#speak")).to_be_hidden()  # no speech input in this browser
    page.locator(".line.assistant .listen").first.click()
    first_answer = page.locator(".line.assistant .words").first.text_content()
    assert page.evaluate("window.__spoken") == [{"text": first_answer, "lang": "zh-CN"}]

    page.click("#auto-read")
    typed(page, "水费咋个交嘛")
    wait_for_words(page, "您问的是「缴纳水费」")
    page.wait_for_function("window.__spoken.length > 1")
    assert "您问的是「缴纳水费」" in page.evaluate("window.__spoken")[-1]["text"]
    page.reload()
    wait_for_words(page, "您问的是「缴纳水费」")
    expect(page.locator("#auto-read")).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(3_000)  # a few looks for new lines
    assert page.evaluate("window.__spoken") == []  # what a reload brings back is not read again


def test_the_speech_button_is_offered_where_the_browser_listens(
    new_page: NewPage, web: WebServer
) -> None:
    page = opened(new_page(init=RECOGNITION_STUB), web)
    expect(page.locator("#speak")).to_be_visible()
    expect(page.locator("#speak")).to_have_text(PAGE["speak"])


def test_hostile_input_is_shown_as_text_refused_kindly_and_the_page_keeps_working(
    page: Page, web: WebServer
) -> None:
    opened(page, web)
    hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    typed(page, hostile)
    wait_for_words(page, "<script>")
    assert hostile in words_on(page)
    assert page.locator("#log img, #log script").count() == 0
    assert page.evaluate("window.__pwned") is None

    typed(page, "长" * 10_000)
    wait_for_words(page, REFUSALS["too_long"])
    assert not any(len(text) > 1000 for text in words_on(page))

    conversation = storage(page)["chat.conversation"]
    statuses = page.evaluate(
        """async (conversation) => {
          const sends = Array.from({length: 50}, (_, n) => fetch(
            `/api/conversations/${conversation}/messages`,
            {method: "POST", headers: {"Content-Type": "application/json"},
             body: JSON.stringify({text: `第${n}条`})}));
          return Promise.all(sends.map(async (s) => [(await s).status, await (await s).text()]));
        }""",
        conversation,
    )
    taken = [status for status, _ in statuses if status == 202]
    refused = [body for status, body in statuses if status == 429]
    assert 0 < len(taken) <= 6 and len(taken) + len(refused) == 50
    assert REFUSALS["too_fast"] in refused[0]

    forged = page.request.post(
        f"{web.url}api/conversations/abc%3Cscript%3E/messages", data={"text": "你好"}
    )
    assert forged.status == 400 and forged.json()["error"] == REFUSALS["unknown_conversation"]
    unknown = page.request.get(f"{web.url}api/conversations/{'A' * 32}")
    assert unknown.status == 404 and unknown.json()["error"] == REFUSALS["unknown_conversation"]

    page.wait_for_timeout(4_000)  # the conversation's window (4 s here) passes
    typed(page, "医保卡丢了怎么办")
    wait_for_words(page, "医保卡丢了怎么办")
    expect(page.locator(".line.assistant").last).to_be_visible()


def test_a_forged_id_on_the_device_starts_afresh_with_a_kind_word(
    page: Page, web: WebServer
) -> None:
    opened(page, web)
    page.evaluate("localStorage.setItem('chat.conversation', 'A'.repeat(32))")
    page.reload()
    wait_for_words(page, REFUSALS["unknown_conversation"])
    expect(page.locator("#choices button", has_text="生活缴费")).to_be_visible(timeout=60_000)
    assert storage(page)["chat.conversation"] != "A" * 32


@pytest.fixture(scope="module")
def kiosk(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    """The community centre's tablet: quiet for 5 s, asked, and cleared 4 s later."""
    settings = {
        **SHARED_ADDRESS,
        "WEB_KIOSK": "true",
        "WEB_KIOSK_IDLE_SECONDS": "5",
        "WEB_KIOSK_ANSWER_SECONDS": "4",
    }
    server = WebServer(stack, tmp_path_factory.mktemp("kiosk") / "web.log", settings)
    server.start()
    yield server
    server.stop()


def test_a_kiosk_asks_after_a_quiet_while_and_clears_if_nobody_answers(
    page: Page, kiosk: WebServer
) -> None:
    opened(page, kiosk)
    typed(page, "医保卡丢了怎么办")
    wait_for_words(page, "医保卡丢了怎么办")
    first = storage(page)["chat.conversation"]
    expect(page.locator("#ask")).to_be_visible(timeout=10_000)
    page.click("#keep-using")  # someone is there: nothing is cleared
    expect(page.locator("#ask")).to_be_hidden()
    assert storage(page)["chat.conversation"] == first
    expect(page.locator("#ask")).to_be_visible(timeout=10_000)
    expect(page.locator("#ask")).to_be_hidden(timeout=10_000)  # nobody answered: cleared
    expect(page.locator("#choices button", has_text="生活缴费")).to_be_visible(timeout=60_000)
    assert "医保卡丢了怎么办" not in words_on(page)
    assert storage(page)["chat.conversation"] != first
