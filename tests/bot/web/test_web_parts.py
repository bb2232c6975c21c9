"""The web chat's pure parts: settings, ids, rate limits, and its words (Chinese, complete)."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from bot.web.config import WebSettings
from bot.web.conversation_ids import (
    community_code,
    is_conversation_id,
    new_conversation_id,
    new_sender_id,
)
from bot.web.limits import Window
from bot.web.texts import TEXTS_FILE, load_texts


def test_settings_listen_on_loopback_and_refuse_a_public_interface_unless_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read = WebSettings()
    assert (read.host, read.port, read.kiosk, read.max_chars) == ("127.0.0.1", 8070, False, 1000)
    monkeypatch.setenv("WEB_HOST", "0.0.0.0")
    with pytest.raises(ValidationError, match="WEB_ALLOW_PUBLIC"):
        WebSettings()
    monkeypatch.setenv("WEB_ALLOW_PUBLIC", "true")
    assert WebSettings().host == "0.0.0.0"


def test_a_communitys_link_is_the_public_address_with_its_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://chat.example.cn/")
    assert WebSettings().community_link("ab12cd") == "https://chat.example.cn/?c=ab12cd"


def test_conversation_ids_are_random_and_only_their_form_is_taken() -> None:
    made = {new_conversation_id() for _ in range(100)}
    assert len(made) == 100 and all(is_conversation_id(one) for one in made)
    for forged in ("", "short", "a" * 33, "<script>alert(1)</script>" + "a" * 7, None, 42):
        assert not is_conversation_id(forged)
    assert re.fullmatch(r"web-[0-9a-f]{32}", new_sender_id())


def test_only_a_community_code_of_the_right_form_is_passed_on() -> None:
    assert community_code("ab12cd") == "ab12cd"
    assert community_code("../x") is None and community_code(None) is None


def test_a_window_allows_its_limit_then_refuses_until_the_oldest_falls_out() -> None:
    now = [0.0]
    window = Window(3, 10.0, clock=lambda: now[0])
    assert [window.allow("a") for _ in range(4)] == [True, True, True, False]
    assert window.allow("b")  # another key has its own count
    now[0] = 10.5
    assert window.allow("a")


def test_every_word_the_page_shows_is_there_and_has_no_latin_letters() -> None:
    texts = load_texts()
    assert texts.page["larger"] == "字大一点" and texts.page["new_person"] == "换一个人用"
    for words in [*texts.page.values(), *texts.refusals.values()]:
        assert not re.search(r"[A-Za-z]", words), words


def test_a_missing_refusal_stops_the_start(tmp_path) -> None:
    broken = tmp_path / "texts.yml"
    broken.write_text(TEXTS_FILE.read_text(encoding="utf-8").replace("too_long:", "x:"), "utf-8")
    with pytest.raises(ValueError, match="too_long"):
        load_texts(broken)
