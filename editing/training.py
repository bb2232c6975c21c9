"""Training the model again when the catalog has words it never learned, from the admin.

A training runs in the background (`tools.train`, as `make model` does), its output going to
a log the admin shows as progress. A trained model is loaded into the running Rasa server with
`PUT /model` (with Rasa's token): residents keep talking to the old model until the new one
answers. A failed training leaves the old model serving and keeps the error for the admin to
show.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from catalog import documents
from catalog.database import PROJECT_ROOT
from catalog.jieba_dictionary import dictionary_text, dictionary_words, write_if_changed
from catalog.models import ContentRevision

DICTIONARY = PROJECT_ROOT / "build" / "jieba" / "userdict.txt"
MANY_NEW_PHRASES = 20  # new aliases and FAQ phrasings worth teaching the model
LOAD_TIMEOUT = 300.0
STOP_GRACE = 5.0  # seconds a training is given to end on SIGTERM before it is killed
TRAIN = [sys.executable, "-m", "tools.train"]  # as `make model` trains


@dataclass(frozen=True)
class LearningNeed:
    """What was published since the model was trained that only training teaches it."""

    new_services: list[str]
    new_phrases: int

    @property
    def needed(self) -> bool:
        return bool(self.new_services) or self.new_phrases >= MANY_NEW_PHRASES


@dataclass
class TrainingStatus:
    """The latest training: "idle" (none yet), "running", "done" or "failed"."""

    state: str = "idle"
    started_at: str | None = None
    finished_at: str | None = None
    model: str | None = None
    error: str | None = None
    pid: int | None = None


def learning_need(session: Session, trained_at: dt.datetime) -> LearningNeed:
    """New services and new phrasings published after `trained_at`."""
    revisions = session.scalars(
        select(ContentRevision).where(
            ContentRevision.kind == "service", ContentRevision.published_at > trained_at
        )
    )
    new_services, phrases = [], 0
    for revision in revisions:
        if revision.before is None and revision.after is not None:
            new_services.append(revision.after["name"])
        phrases += len(_phrases(revision.after) - _phrases(revision.before))
    return LearningNeed(new_services, phrases)


class Trainer:
    """One training at a time, its status kept in `state_dir` across page loads."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        rasa_url: str,
        rasa_token: str,
        model_dir: Path,
        state_dir: Path,
    ) -> None:
        self.sessions, self.rasa_url, self.rasa_token = sessions, rasa_url, rasa_token
        self.model_dir, self.state_dir = model_dir, state_dir
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._stopping = False

    @property
    def log(self) -> Path:
        return self.state_dir / "training.log"

    def status(self) -> TrainingStatus:
        path = self.state_dir / "status.json"
        if not path.exists():
            return TrainingStatus()
        status = TrainingStatus(**json.loads(path.read_text(encoding="utf-8")))
        if status.state == "running" and not self._lock.locked():
            status.state, status.error = "failed", "训练被中断了（管理后台重启过）。"
        return status

    def trained_at(self) -> dt.datetime:
        """When the newest model in the model folder was written (what learning is measured
        from)."""
        models = self.model_dir.glob("*.tar.gz")
        newest = max((model.stat().st_mtime for model in models), default=0.0)
        return dt.datetime.fromtimestamp(newest, dt.timezone.utc)

    def log_tail(self, lines: int = 12) -> list[str]:
        if not self.log.exists():
            return []
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]

    def start(self) -> bool:
        """Start a training in the background; False when one is running already."""
        if not self._lock.acquire(timeout=1.0):  # a training just ending lets go at once
            return False
        status = TrainingStatus("running", started_at=_now())
        self._save(status)
        threading.Thread(target=self._run, args=(status,), daemon=True).start()
        return True

    def stop(self) -> None:
        """End a running training with everything it started (the admin is stopping)."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        self._stopping = True
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def _run(self, status: TrainingStatus) -> None:
        try:
            model = self._train(status)
            self._load(model)
            status.state, status.model = "done", str(model)
        except Exception as error:  # any failure is shown; the old model stays
            status.state, status.error = "failed", str(error)
        finally:
            status.finished_at, status.pid = _now(), None
            self._save(status)
            self._lock.release()

    def _train(self, status: TrainingStatus) -> Path:
        with self.sessions() as session:
            catalog = documents.read_catalog(session)
        write_if_changed(DICTIONARY, dictionary_text(dictionary_words(catalog)))
        self.model_dir.mkdir(parents=True, exist_ok=True)
        name = f"assistant-{dt.datetime.now(dt.timezone.utc):%Y%m%d-%H%M%S}"
        with self.log.open("w", encoding="utf-8") as log:
            process = self._process = subprocess.Popen(
                [*TRAIN, "--fixed-model-name", name, "--out", str(self.model_dir)],
                cwd=PROJECT_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: stopped with all it starts
            )
            status.pid = process.pid
            self._save(status)
            if process.wait() != 0:
                if self._stopping:
                    raise RuntimeError("训练被中断了（管理后台停止了）。")
                raise RuntimeError(f"训练没有成功（退出码 {process.returncode}），请看下面的记录。")
        return self.model_dir / f"{name}.tar.gz"

    def _load(self, model: Path) -> None:
        response = httpx.put(
            f"{self.rasa_url}/model",
            params={"token": self.rasa_token},
            json={"model_file": str(model)},
            timeout=LOAD_TIMEOUT,
        )
        if response.status_code >= 300:
            raise RuntimeError(f"模型训练好了，但助手没能换上新模型：{response.text[:200]}")

    def _save(self, status: TrainingStatus) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        written = self.state_dir / "status.json.new"
        written.write_text(json.dumps(asdict(status)), encoding="utf-8")
        written.replace(self.state_dir / "status.json")  # a page reading it never sees half


def _phrases(document: dict | None) -> set[str]:
    if not document:
        return set()
    faqs = document.get("faqs", [])
    return {*document.get("aliases", []), *(p for f in faqs for p in f.get("alternatives", []))}


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
