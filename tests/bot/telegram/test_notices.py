"""The gateway's own texts come from messages.yml, and a missing one stops it at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.telegram.notices import load_notices


def test_the_shipped_messages_have_every_notice() -> None:
    notices = load_notices()
    assert all([notices.waiting, notices.sorry, notices.throttled])
    assert "稍等" in notices.waiting


def test_a_missing_notice_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "messages.yml"
    path.write_text('waiting: "请稍等"\nsorry: ""\n', encoding="utf-8")
    with pytest.raises(ValueError, match="sorry, throttled"):
        load_notices(path)
