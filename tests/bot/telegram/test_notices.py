"""The gateway's own texts come from messages.yml and staff_texts.yml; a missing one stops it at
start-up or fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.notices import load_handoff_words, load_notices
from bot.telegram.handoffs import OUTCOME_TEXTS
from bot.telegram.texts import Texts
from catalog.models.staff import ROLES
from handoff.queue import REASONS
from handoff.staff import JoinRefusal


def test_the_shipped_messages_have_every_notice() -> None:
    notices = load_notices()
    assert all([notices.waiting, notices.sorry, notices.throttled])
    assert "稍等" in notices.waiting


def test_the_shipped_messages_ask_a_resident_in_a_handoff_before_ending_it() -> None:
    words = load_handoff_words()
    assert "结束" in words.confirm_end and words.end_yes and words.end_no and words.keep_talking


def test_a_missing_notice_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "messages.yml"
    path.write_text('waiting: "请稍等"\nsorry: ""\n', encoding="utf-8")
    with pytest.raises(ValueError, match="sorry, throttled"):
        load_notices(path)


def test_every_staff_text_the_gateway_names_exists() -> None:
    """Names given to `Texts` in the code (literal, or built from a known set) are in the file."""
    names = Texts().names()
    code = "".join(path.read_text() for path in Path("bot/telegram").glob("*.py"))
    literal = set(re.findall(r"""texts\(\s*["'](\w+)["']""", code))
    built = {f"role_{role}" for role in ROLES} | {f"reason_{reason}" for reason in REASONS}
    built |= {f"join_{refusal.value}" for refusal in JoinRefusal}
    built |= {f"{author}_line" for author in ("resident", "assistant")} | set(
        OUTCOME_TEXTS.values()
    )
    assert literal, "no texts found: has the code changed how it names them?"
    assert literal | built <= names
