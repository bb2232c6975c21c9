"""The gateway's own run of the library's start and stop: a stop signal at any step of the start
stops it in order, and one after a failed start interrupts the process."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable
from typing import Any

import pytest
from telegram.ext import Application, ApplicationBuilder

from bot.telegram.app import serve
from tests.bot.telegram.bot_api import TOKEN, TelegramApi


class Steps(Application):
    """An application that notes its start and stop steps and can be signalled inside `start`."""

    signal_in_start = False
    steps: list[str]

    async def start(self) -> None:
        await super().start()
        if self.signal_in_start:
            os.kill(os.getpid(), signal.SIGTERM)


@pytest.mark.parametrize("when", ["post_init", "start_updates", "start", "running"])
def test_a_stop_signal_at_any_step_of_the_start_stops_the_gateway_in_order(when: str) -> None:
    """The stop is an event the gateway's loop waits on: a signal while the library is still
    starting is not used up by that step, so the gateway stops instead of running on."""
    application = (
        ApplicationBuilder()
        .application_class(Steps)
        .token(TOKEN)
        .request(TelegramApi())
        .get_updates_request(TelegramApi())
        .build()
    )
    assert isinstance(application, Steps)
    application.steps, application.signal_in_start = [], when == "start"

    def hook(step: str) -> Callable[[Application], Any]:
        async def noted(_: Application) -> None:
            application.steps.append(step)
            if when == step:
                os.kill(os.getpid(), signal.SIGTERM)

        return noted

    async def start_updates(_: Any) -> None:
        application.steps.append("start_updates")
        if when == "start_updates":
            os.kill(os.getpid(), signal.SIGTERM)

    async def run_and_stop() -> None:
        serving = asyncio.ensure_future(serve(application, start_updates))
        if when == "running":
            await asyncio.sleep(0.5)
            os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(serving, timeout=10)  # a lost stop fails here

    application.post_init, application.post_stop = hook("post_init"), hook("post_stop")
    application.post_shutdown = hook("post_shutdown")
    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        asyncio.run(run_and_stop())
    finally:
        signal.signal(signal.SIGTERM, handlers[0])
        signal.signal(signal.SIGINT, handlers[1])
    started = ["post_init"] if when == "post_init" else ["post_init", "start_updates"]
    stopped = ["post_shutdown"] if when == "post_init" else ["post_stop", "post_shutdown"]
    assert application.steps == started + stopped
    assert not application.running


def test_a_signal_after_a_gateway_failed_to_start_interrupts_as_ctrl_c() -> None:
    """Its loop is closed by then: the signal must not fail on it, but stop the process."""

    async def unreachable(_: Any) -> None:
        raise ConnectionError("Telegram cannot be reached")

    application = ApplicationBuilder().token(TOKEN).request(TelegramApi()).build()
    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(ConnectionError):
            asyncio.run(serve(application, unreachable))
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler runs at the next instruction
    finally:
        signal.signal(signal.SIGTERM, handlers[0])
        signal.signal(signal.SIGINT, handlers[1])
