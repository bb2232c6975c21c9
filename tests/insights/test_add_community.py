"""`make community NAME=…` prints what residents open or scan to join the community."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.database import make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head
from insights.__main__ import _add_community


def test_a_new_community_prints_its_telegram_link_and_wechat_scene(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade_to_head(engine)
    assert _add_community(make_session_factory(engine), "玉林社区") == 0
    printed = capsys.readouterr().out
    code = printed.split("start=c_")[1].split()[0]
    assert f"scene c_{code}" in printed
