"""The real action server and Rasa server, started once per test run on free loopback ports."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.conftest import build_catalog
from tools.serve import ROOT, Stack


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    model = ROOT / "models" / "assistant.tar.gz"
    assert model.exists(), "no trained model: run the tests through `make test`"
    data_dir = tmp_path_factory.mktemp("data")
    build_catalog(f"sqlite:///{data_dir / 'app.db'}")
    servers = Stack(
        rasa_port=free_port(),
        actions_port=free_port(),
        model=model,
        data_dir=data_dir,
        log_dir=data_dir / "logs",
    )
    servers.start()
    yield servers
    servers.stop()
