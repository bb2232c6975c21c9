"""The real action server and Rasa server, started once per test run on free loopback ports."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import build_catalog
from tools.serve import ROOT, Stack, free_ports


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    model = ROOT / "models" / "assistant.tar.gz"
    assert model.exists(), "no trained model: run the tests through `make test`"
    data_dir = tmp_path_factory.mktemp("data")
    build_catalog(f"sqlite:///{data_dir / 'app.db'}")
    rasa_port, actions_port = free_ports(2)
    servers = Stack(
        rasa_port=rasa_port,
        actions_port=actions_port,
        model=model,
        data_dir=data_dir,
        log_dir=data_dir / "logs",
        # Workers answer at any hour here, so what residents are told does not depend on when
        # the tests run (after-hours replies are tested with the actions).
        env={"HANDOFF_OPENING_HOURS": "always"},
    )
    servers.start()
    yield servers
    servers.stop()
