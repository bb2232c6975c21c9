"""A proxy in front of Rasa (to slow it down or cut it off), and the WeChat gateway of these
tests with its emulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.wechat.wechat_setup import WeChatPair, new_openid, running_pair
from tools.serve import Stack, free_ports
from tools.telegram_harness import TcpProxy


@pytest.fixture(scope="session")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("wechat")


@pytest.fixture(scope="session")
def rasa_proxy(stack: Stack) -> Iterator[TcpProxy]:
    (port,) = free_ports(1)
    proxy = TcpProxy(port, stack.rasa_port)
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def wechat(stack: Stack, rasa_proxy: TcpProxy, logs: Path, request) -> Iterator[WeChatPair]:
    """The gateway in plain mode, as an instance named after the test module, with the module's
    `GATEWAY_SETTINGS` if it has any."""
    name = request.module.__name__.rsplit(".", 1)[-1]
    settings = getattr(request.module, "GATEWAY_SETTINGS", None)
    yield from running_pair(stack, rasa_proxy, logs, name, settings=settings)


@pytest.fixture
def resident() -> str:
    """An openid no other test uses."""
    return new_openid()
