"""When the model needs to learn, a trained model loaded with Rasa's token, and a training that
fails leaves the old model serving."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from editing import drafts, publishing, training
from editing.training import MANY_NEW_PHRASES, Trainer, learning_need
from tests.editing.conftest import draft_ids, published
from tests.rasa_double import RasaDouble

UNREACHABLE = "http://127.0.0.1:1"  # no Rasa: these trainings never get to loading
NEW_SERVICE = {
    **{"slug": "bathing-card", "name": "老年助浴卡办理", "category": "elderly-care"},
    "aliases": ["助浴卡"],
    "summary": "上门帮老人洗澡的助浴服务。",
    "eligibility": "行动不便的老人。",
    "materials": ["本人身份证"],
    "offline": "到社区服务中心问。",
    "online": "打电话问社区。",
    "hotline": "12345",
    "hotline_name": "市民服务热线",
    "recap": "社区说办好了就行。",
    "last_verified": None,
    "steps": ["带上身份证去社区。", "说要办助浴卡。", "按工作人员说的填表。"],
}


def publish(sessions: sessionmaker[Session], key: str, document: dict, editor: int) -> None:
    assert drafts.save(sessions, "service", key, document, editor) == []
    publishing.publish(sessions, [draft_ids(sessions)[key]], editor)


def need(sessions: sessionmaker[Session], trained_at: dt.datetime) -> training.LearningNeed:
    with sessions() as session:
        return learning_need(session, trained_at)


def test_a_new_service_published_after_training_needs_learning(sessions, editor) -> None:
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    with sessions() as session:
        category = drafts.working_catalog(session).categories[0]["slug"]
    publish(sessions, "bathing-card", {**NEW_SERVICE, "category": category}, editor)
    found = need(sessions, before)
    assert found.needed and found.new_services == ["老年助浴卡办理"]
    assert not need(sessions, dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1)).needed


def test_a_few_new_aliases_need_no_training_but_many_do(sessions, editor) -> None:
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    water = published(sessions, "service", "pay-water")
    water["aliases"] += ["交自来水钱", "自来水费咋交"]
    publish(sessions, "pay-water", water, editor)
    assert need(sessions, before) == training.LearningNeed([], 2)
    water["aliases"] += [f"水费说法{n}号" for n in range(MANY_NEW_PHRASES)]
    publish(sessions, "pay-water", water, editor)
    assert need(sessions, before).needed


def wait_until_finished(trainer: Trainer) -> training.TrainingStatus:
    deadline = time.monotonic() + 30
    while (status := trainer.status()).state == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    return status


def test_a_training_that_cannot_write_its_model_fails_and_says_why(sessions, tmp_path) -> None:
    not_a_folder = tmp_path / "models"
    not_a_folder.write_text("a file where the models should go")
    trainer = Trainer(sessions, UNREACHABLE, "a-token", not_a_folder, tmp_path / "state")
    assert trainer.start()
    status = wait_until_finished(trainer)
    assert status.state == "failed" and status.model is None and status.error


def test_a_failed_training_keeps_its_log_and_allows_another(
    sessions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = "import sys; print('训练数据有问题'); sys.exit(3)"
    monkeypatch.setattr(training, "TRAIN", [sys.executable, "-c", script])
    trainer = Trainer(sessions, UNREACHABLE, "a-token", tmp_path / "models", tmp_path / "state")
    assert trainer.start()
    status = wait_until_finished(trainer)
    assert status.state == "failed" and "退出码 3" in status.error
    assert trainer.log_tail() == ["训练数据有问题"]
    assert trainer.start()
    wait_until_finished(trainer)


def test_a_trained_model_is_loaded_into_rasa_with_its_token(
    sessions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rasa_double: RasaDouble
) -> None:
    monkeypatch.setattr(training, "DICTIONARY", tmp_path / "userdict.txt")
    monkeypatch.setattr(training, "TRAIN", [sys.executable, "-c", "pass"])
    trainer = Trainer(sessions, rasa_double.url, "the-token", tmp_path / "models", tmp_path / "st")
    assert trainer.start()
    status = wait_until_finished(trainer)
    assert status.state == "done", status.error
    [load] = rasa_double.calls
    assert (load.method, load.path, load.params) == ("PUT", "/model", {"token": "the-token"})


# A training that starts a process of its own (as tools.train starts Rasa), then waits.
LONG_TRAINING = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
print(child.pid, flush=True)
time.sleep(120)
"""


def test_stopping_ends_a_running_training_and_all_it_started(
    sessions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(training, "TRAIN", [sys.executable, "-c", LONG_TRAINING])
    trainer = Trainer(sessions, UNREACHABLE, "a-token", tmp_path / "models", tmp_path / "state")
    assert trainer.start()
    deadline = time.monotonic() + 30
    while not trainer.log_tail() and time.monotonic() < deadline:
        time.sleep(0.1)
    child = int(trainer.log_tail()[0])
    trainer.stop()
    status = wait_until_finished(trainer)
    assert status.state == "failed" and "中断" in status.error
    assert not Path(f"/proc/{child}").exists() or "Z" in zombie_state(child)


def zombie_state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().split()[2]
