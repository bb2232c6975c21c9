"""tools.train: a forced training starts from an empty cache; an ordinary one keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import train


@pytest.mark.parametrize(("args", "kept"), [([], True), (["--force"], False)])
def test_only_a_forced_training_empties_rasas_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], kept: bool
) -> None:
    cache = tmp_path / "cache"
    (cache / "tmp_replaced_entry").mkdir(parents=True)  # files Rasa no longer counts
    monkeypatch.setenv("RASA_CACHE_DIRECTORY", str(cache))
    monkeypatch.setattr(train, "RASA_BIN", Path("/bin/true"))  # stands in for rasa train
    monkeypatch.setattr(train, "ROOT", tmp_path)
    monkeypatch.setattr(train, "LOG", tmp_path / "training.log")
    monkeypatch.setattr("sys.argv", ["tools.train", *args])
    assert train.main() == 0
    assert cache.exists() is kept
    assert "exit=0" in (tmp_path / "training.log").read_text(encoding="utf-8")
