"""Every call of the Rasa client carries Rasa's token, next to its own query parameters."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import rasa_client
from bot.rasa_client import RasaClient
from lifecycle.rasa_token import TOKEN_FILE
from tests.rasa_double import RasaDouble


async def use_every_call(client: RasaClient) -> None:
    await client.send("r1", "你好")
    await client.trigger("r1", "handoff_started")
    await client.pause("r1")
    await client.resume("r1")
    await client.log_message("r1", "我在")
    await client.events("r1")
    assert await client.is_ready()
    await client.close()


async def test_every_call_sends_the_token(rasa_double: RasaDouble) -> None:
    await use_every_call(RasaClient(rasa_double.url, token="the-token"))
    assert [call.path for call in rasa_double.calls] == [
        "/webhooks/rest/webhook",
        "/conversations/r1/trigger_intent",
        "/conversations/r1/tracker/events",
        "/conversations/r1/tracker/events",
        "/conversations/r1/messages",
        "/conversations/r1/tracker",
        "/status",
    ]
    assert all(call.params["token"] == "the-token" for call in rasa_double.calls)
    assert rasa_double.calls[5].params["include_events"] == "AFTER_RESTART"


async def test_the_token_defaults_to_rasa_token(
    rasa_double: RasaDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RASA_TOKEN", "from-the-environment")
    client = RasaClient(rasa_double.url)
    await client.pause("r2")
    await client.close()
    assert rasa_double.calls[0].params["token"] == "from-the-environment"


async def test_without_rasa_token_the_one_kept_for_local_servers_is_sent(
    rasa_double: RasaDouble, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("RASA_TOKEN", raising=False)
    monkeypatch.setattr(rasa_client, "DATA_DIR", tmp_path)
    (tmp_path / TOKEN_FILE).write_text("kept-by-make-serve\n")
    client = RasaClient(rasa_double.url)
    await client.events("r3")
    await client.close()
    assert rasa_double.calls[0].params["token"] == "kept-by-make-serve"
