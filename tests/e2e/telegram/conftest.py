"""The Bot API emulator, a proxy in front of Rasa, and the polling gateway of these tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.telegram.gateway_setup import TOKEN, new_user_id, polling_env
from tools.serve import Stack, free_ports
from tools.telegram_harness import Emulator, Gateway, TcpProxy


@pytest.fixture(scope="session")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("telegram")


@pytest.fixture(scope="session")
def emulator(logs: Path) -> Iterator[Emulator]:
    (port,) = free_ports(1)
    running = Emulator(port, logs / "emulator.log")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def rasa_proxy(stack: Stack) -> Iterator[TcpProxy]:
    (port,) = free_ports(1)
    proxy = TcpProxy(port, stack.rasa_port)
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")  # gone before other modules' gateways share its database
def gateway(
    emulator: Emulator, rasa_proxy: TcpProxy, stack: Stack, logs: Path
) -> Iterator[Gateway]:
    """The gateway in polling mode, reaching Rasa through the proxy."""
    running = Gateway(polling_env(TOKEN, emulator, rasa_proxy, stack), logs / "gateway.log")
    yield running
    running.stop()


@pytest.fixture
def resident() -> int:
    """A Telegram user id no other test uses."""
    return new_user_id()
