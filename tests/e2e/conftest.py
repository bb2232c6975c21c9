"""The real action server and Rasa server, started once per test run on free loopback ports; the
workers' Telegram gateway of a module that sets its bot `TOKEN`, for residents on other
channels (WeChat, the web); Debian's Chromium for a module's browser tests."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.conftest import build_catalog
from tests.e2e.served_app import CHROMIUM
from tests.e2e.staff_harness import StaffGateway, staff_gateway
from tools.serve import HOST, ROOT, Stack, free_ports


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


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway redis-server (Debian's) on a free loopback port."""
    (port,) = free_ports(1)
    server = subprocess.Popen(
        ["redis-server", "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=tmp_path_factory.mktemp("redis"),
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout != (
        b"PONG\n"
    ):
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.2)
    yield f"redis://{HOST}:{port}/1"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def workers_gateway(
    stack: Stack, tmp_path_factory: pytest.TempPathFactory, request
) -> Iterator[StaffGateway]:
    """The workers' side on Telegram, with the bot token of the test module (`TOKEN`)."""
    logs = tmp_path_factory.mktemp("workers")
    with staff_gateway(stack, logs, request.module.TOKEN, wait_seconds=120) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()
