"""Rasa's token: RASA_TOKEN when set; otherwise one kept in the data directory for its owner
only, made once and then shared by every local process whatever order they start in."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lifecycle.rasa_token import TOKEN_FILE, rasa_token


@pytest.fixture(autouse=True)
def no_rasa_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASA_TOKEN", raising=False)


def test_rasa_token_from_the_environment_comes_first_and_nothing_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RASA_TOKEN", "from-the-secrets")
    assert rasa_token(tmp_path) == "from-the-secrets"
    assert not (tmp_path / TOKEN_FILE).exists()


def test_without_it_a_random_token_is_kept_readable_by_its_owner_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    token = rasa_token(data_dir)
    kept = data_dir / TOKEN_FILE
    assert len(token) >= 32 and kept.read_text(encoding="utf-8").strip() == token
    assert kept.stat().st_mode & 0o777 == 0o600
    assert rasa_token(data_dir) == token, "the next process reads the same"
    assert rasa_token(tmp_path / "elsewhere") != token
    assert sorted(path.name for path in data_dir.iterdir()) == [TOKEN_FILE]


def test_processes_starting_at_once_agree_on_one_token(tmp_path: Path) -> None:
    with ThreadPoolExecutor(8) as pool:
        tokens = set(pool.map(lambda _: rasa_token(tmp_path), range(16)))
    assert len(tokens) == 1


def test_an_empty_kept_token_is_refused(tmp_path: Path) -> None:
    (tmp_path / TOKEN_FILE).write_text("\n")
    with pytest.raises(RuntimeError, match="empty"):
        rasa_token(tmp_path)
