"""The web chat's large print, checked on the rendered page at a phone's and a tablet's width:
axe-core finds nothing serious; body text of at least 20 px with a line height of 1.5; buttons
of at least 60×60 px, 8 px apart; contrast of 4.5:1; one column; nothing moves; 字大一点 goes
larger and is remembered on the device. `make screenshots` keeps the page for docs/web.md."""

from __future__ import annotations

import itertools
import os

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.admin_harness import SCREENSHOTS
from tests.e2e.web.conftest import NewPage
from tests.e2e.web.web_harness import AXE, WebServer, storage, tap, wait_for_words

pytestmark = pytest.mark.e2e

# Every visible element's measures, computed by the browser; contrast by WCAG's formula against
# the nearest background that is not transparent.
MEASURES = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  const visible = (el) =>
    el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const texts = [], buttons = [], moving = [];
  for (const el of document.querySelectorAll("body *")) {
    if (!visible(el)) continue;
    const s = getComputedStyle(el);
    if (s.animationName !== "none" || parseFloat(s.transitionDuration) > 0) moving.push(el.tagName);
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (own || el.tagName === "TEXTAREA") {
      const a = lum(rgb(s.color)), b = lum(background(el));
      texts.push({
        text: (el.textContent || el.tagName).trim().slice(0, 20),
        size: parseFloat(s.fontSize),
        lineHeight: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
        contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
      });
    }
    if (el.tagName === "BUTTON") {
      const r = el.getBoundingClientRect();
      buttons.push({text: el.textContent.trim(), x: r.left, y: r.top, w: r.width, h: r.height});
    }
  }
  const lines = Array.from(document.querySelectorAll("#log .line")).map((el) => {
    const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom};
  });
  const fontSize = parseFloat(getComputedStyle(document.body).fontSize);
  return {texts, buttons, moving, lines, fontSize};
}"""


def gap(a: dict, b: dict) -> float:
    """The distance between two boxes (0 when they touch or overlap)."""
    across = max(b["x"] - (a["x"] + a["w"]), a["x"] - (b["x"] + b["w"]), 0)
    down = max(b["y"] - (a["y"] + a["h"]), a["y"] - (b["y"] + b["h"]), 0)
    return max(across, down)


def conversation_on(page: Page, web: WebServer) -> None:
    """The page with a conversation on it: an answer, the resident's words and choices."""
    page.goto(web.url)
    expect(page.locator("#choices button", has_text="生活缴费")).to_be_visible(timeout=60_000)
    tap(page, "生活缴费")
    wait_for_words(page, "生活缴费")
    expect(page.locator("#choices button", has_text="缴纳水费")).to_be_visible(timeout=30_000)


@pytest.mark.parametrize("width", [360, 1024])
def test_large_print_holds_on_the_rendered_page(
    new_page: NewPage, web: WebServer, width: int
) -> None:
    page = new_page(width=width, bypass_csp=True)  # axe-core is injected as a script
    conversation_on(page, web)
    if os.environ.get("SCREENSHOT_DIR"):  # make screenshots: the whole page, for docs/web.md
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"web-chat-{width}.png", full_page=True)

    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []

    measured = page.evaluate(MEASURES)
    assert measured["moving"] == []
    assert len(measured["texts"]) >= 10
    for text in measured["texts"]:
        assert text["size"] >= 20, text
        assert text["lineHeight"] >= 1.5, text
        assert text["contrast"] >= 4.5, text
    buttons = measured["buttons"]
    assert len(buttons) >= 8
    for button in buttons:
        assert button["w"] >= 60 and button["h"] >= 60, button
    for n, one in enumerate(buttons):
        for other in buttons[n + 1 :]:
            assert gap(one, other) >= 8, (one, other)
    lines = measured["lines"]
    assert all(a["bottom"] <= b["top"] for a, b in itertools.pairwise(lines))
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # one column


def test_larger_print_is_remembered_on_the_device(new_page: NewPage, web: WebServer) -> None:
    page = new_page(width=360)
    conversation_on(page, web)
    normal = page.evaluate(MEASURES)["fontSize"]
    page.click("#larger")
    expect(page.locator("#larger")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(MEASURES)["fontSize"] > normal
    assert storage(page)["chat.larger"] == "1"
    page.reload()
    expect(page.locator("#larger")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(MEASURES)["fontSize"] > normal
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
