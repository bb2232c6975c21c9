"""Stopping the admin ends a training it started (the training has a process group of its
own, so a signal to the admin's group does not reach it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from admin import app as admin_app
from admin.settings import AdminSettings
from editing.training import Trainer
from tests.admin.client import TestClient


def test_the_admins_shutdown_stops_the_trainer(
    sessions: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stopped: list[bool] = []

    class RecordingTrainer(Trainer):
        def stop(self) -> None:
            stopped.append(True)

    monkeypatch.setattr(admin_app, "Trainer", RecordingTrainer)
    settings = AdminSettings(model_dir=tmp_path / "models", rasa_token="a-token")
    with TestClient(admin_app.create_app(settings, sessions, sessions)):
        assert stopped == []
    assert stopped == [True]
