"""Communities: created with a link code, found by name or code, joined by residents."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from catalog import communities
from catalog.models import CommunityMember
from tests.conftest import build_catalog


def test_a_resident_belongs_to_the_community_whose_link_they_opened_last(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    yulin = communities.create(sessions, "玉林社区")
    fuqin = communities.create(sessions, " 抚琴社区 ")
    assert fuqin.name == "抚琴社区" and yulin.code != fuqin.code
    assert (
        communities.find(sessions, "玉林社区").id
        == communities.find(sessions, f"c_{yulin.code}").id
        == yulin.id
    )
    communities.join(sessions, "resident", yulin.code)
    communities.join(sessions, "resident", fuqin.code)
    with sessions() as session:
        assert session.scalars(select(CommunityMember.community_id)).all() == [fuqin.id]
        assert session.scalars(communities.members(fuqin.id)).all() == ["resident"]
    assert [c.name for c in communities.listed(sessions)] == ["抚琴社区", "玉林社区"]


def test_a_community_name_is_needed_and_used_once(tmp_path: Path) -> None:
    sessions = build_catalog(f"sqlite:///{tmp_path / 'app.db'}")
    communities.create(sessions, "玉林社区")
    with pytest.raises(ValueError):
        communities.create(sessions, "玉林社区")
    with pytest.raises(ValueError):
        communities.create(sessions, "  ")
