"""The Telegram gateway end to end in webhook mode, and stopped, restarted and signalled: nothing
a resident sent is lost, answered twice or cut short."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.telegram.gateway_setup import (
    NOTICES,
    RESTART_TOKEN,
    SENDER_KEY,
    STOP_TOKEN,
    WEBHOOK_TOKEN,
    conversation,
    has_keyboard,
    polling_env,
    said_by_resident,
)
from tools.serve import HOST, Stack, free_ports
from tools.telegram_harness import (
    Emulator,
    Gateway,
    TcpProxy,
    keyboard_titles,
    texts,
    wait_until,
)

pytestmark = pytest.mark.e2e


def test_webhook_mode_accepts_only_telegrams_secret(
    emulator: Emulator, rasa_proxy: TcpProxy, stack: Stack, logs: Path, resident: int
) -> None:
    (port,) = free_ports(1)
    url = f"http://{HOST}:{port}/telegram-hook"
    webhook = Gateway(
        {
            "TELEGRAM_BOT_TOKEN": WEBHOOK_TOKEN,
            "TELEGRAM_API_BASE_URL": emulator.url,
            "TELEGRAM_SENDER_KEY": SENDER_KEY,
            "TELEGRAM_WEBHOOK_URL": url,
            "TELEGRAM_WEBHOOK_SECRET": "the-right-secret",
            "TELEGRAM_WEBHOOK_PORT": str(port),
            "RASA_URL": rasa_proxy.url,
            "RASA_TOKEN": stack.token,
        },
        logs / "webhook-gateway.log",
    )
    try:
        update = {
            "update_id": time.time_ns() // 1000,
            "message": {
                "message_id": 1,
                "date": 1_700_000_000,
                "chat": {"id": resident, "type": "private"},
                "from": {"id": resident, "is_bot": False, "first_name": "王阿姨"},
                "text": "/help",
                "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            },
        }
        for headers in ({"X-Telegram-Bot-Api-Secret-Token": "a-wrong-secret"}, {}):
            assert httpx.post(url, json=update, headers=headers, timeout=10).status_code == 403
        right = {"X-Telegram-Bot-Api-Secret-Token": "the-right-secret"}
        assert httpx.post(url, json=update, headers=right, timeout=10).status_code == 200
        replies = emulator.replies_until(WEBHOOK_TOKEN, resident, has_keyboard)
        assert len(replies) == 1, "only the update with the right secret is answered"

        # Delivered again (a retry that crossed the first answer): noticed, and not answered.
        assert httpx.post(url, json=update, headers=right, timeout=10).status_code == 200
        repeated = lambda: "update_repeated" in webhook.log.read_text()  # noqa: E731
        wait_until(repeated, 20, "the gateway to notice the repeated update")

        emulator.send(WEBHOOK_TOKEN, resident, text="养老金资格认证怎么做")  # pushed by "Telegram"
        replies = emulator.replies_until(WEBHOOK_TOKEN, resident, has_keyboard)
        assert "「养老金资格认证」" in texts(replies)[0]
        assert len(replies) == 1, f"the repeated /help was answered: {texts(replies)}"
    finally:
        webhook.stop()


def test_a_message_waiting_when_the_gateway_stops_is_answered_after_it_restarts(
    emulator: Emulator, rasa_proxy: TcpProxy, stack: Stack, logs: Path, resident: int
) -> None:
    env = polling_env(RESTART_TOKEN, emulator, rasa_proxy, stack, TELEGRAM_DRAIN_SECONDS="1")
    rasa_proxy.interrupt()
    try:
        first = Gateway(env, logs / "restart-first.log")
        emulator.send(RESTART_TOKEN, resident, text="怎么交水费")
        waiting = emulator.replies_until(RESTART_TOKEN, resident, lambda got: bool(got))
        assert texts(waiting) == [NOTICES.waiting]
        first.stop()  # Rasa is still away: the message cannot be drained
        assert "kept_for_next_start" in first.log.read_text()
    finally:
        rasa_proxy.resume()
    second = Gateway(env, logs / "restart-second.log")
    try:
        answer = emulator.replies_until(RESTART_TOKEN, resident, has_keyboard)
        assert len(answer) == 1 and "「缴纳水费」" in texts(answer)[0], texts(answer)
        time.sleep(1)
        assert emulator.replies_so_far(RESTART_TOKEN, resident) == [], "answered twice"
    finally:
        second.stop()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("times", [1, 2])
def test_the_gateway_stops_cleanly_when_its_group_is_signalled(
    emulator: Emulator, rasa_proxy: TcpProxy, stack: Stack, logs: Path, signum: int, times: int
) -> None:
    running = Gateway(
        polling_env(STOP_TOKEN, emulator, rasa_proxy, stack), logs / f"stop-{signum}-{times}.log"
    )
    try:
        for _ in range(times):
            os.killpg(running.process.pid, signum)
            time.sleep(0.2)
        assert running.process.wait(timeout=30) == 0
    finally:
        running.stop()


def test_a_button_offered_before_a_restart_still_sends_its_payload(
    emulator: Emulator, rasa_proxy: TcpProxy, stack: Stack, logs: Path, resident: int
) -> None:
    env = polling_env(RESTART_TOKEN, emulator, rasa_proxy, stack)
    first = Gateway(env, logs / "choices-first.log")
    try:
        emulator.send(RESTART_TOKEN, resident, text="养老金资格认证怎么做")
        offer = emulator.replies_until(RESTART_TOKEN, resident, has_keyboard)
        assert "一步一步教我办" in keyboard_titles(offer[-1])
    finally:
        first.stop()
    second = Gateway(env, logs / "choices-second.log")
    try:
        emulator.send(RESTART_TOKEN, resident, text="一步一步教我办")  # the button, tapped
        emulator.replies_until(RESTART_TOKEN, resident, has_keyboard)
        # The payload itself reached Rasa, not the title for Rasa to read back into it.
        assert said_by_resident(conversation(stack, resident))[1:] == ["/start_guide"]
    finally:
        second.stop()
