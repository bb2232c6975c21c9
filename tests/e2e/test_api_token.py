"""Rasa's HTTP API answers only with the token: nobody else reaching the port can write into a
conversation or replace the model. The residents' REST channel needs none."""

from __future__ import annotations

import os
import uuid

import httpx
import pytest

from lifecycle.rasa_token import TOKEN_FILE
from tests.e2e.rest import say, texts
from tools.serve import Stack

pytestmark = pytest.mark.e2e

NOT_THE_TOKEN = [{}, {"token": ""}, {"token": "a-guessed-token"}]


def pause(stack: Stack, sender: str, params: dict[str, str]) -> httpx.Response:
    return httpx.post(
        f"{stack.rasa_url}/conversations/{sender}/tracker/events",
        params=params,
        json={"event": "pause"},
        timeout=30,
    )


def load_model(stack: Stack, params: dict[str, str]) -> httpx.Response:
    """Ask Rasa to load a model that does not exist: refused by the token check or, past it, by
    the loading, so the model in use stays either way."""
    missing = stack.data_dir / "models" / "not-there.tar.gz"
    return httpx.put(
        f"{stack.rasa_url}/model", params=params, json={"model_file": str(missing)}, timeout=60
    )


def model_in_use(stack: Stack) -> str:
    status = httpx.get(f"{stack.rasa_url}/status", params=stack.auth, timeout=10)
    status.raise_for_status()
    return status.json()["model_file"]


def paused(stack: Stack, sender: str) -> bool:
    tracker = httpx.get(
        f"{stack.rasa_url}/conversations/{sender}/tracker", params=stack.auth, timeout=30
    )
    tracker.raise_for_status()
    return tracker.json()["paused"]


@pytest.mark.parametrize("params", NOT_THE_TOKEN, ids=["none", "empty", "guessed"])
def test_without_the_token_nothing_is_written_and_no_model_is_loaded(
    stack: Stack, params: dict[str, str]
) -> None:
    sender = f"intruder-{uuid.uuid4().hex[:8]}"
    model = model_in_use(stack)
    assert pause(stack, sender, params).status_code == 401
    assert load_model(stack, params).status_code == 401
    assert httpx.get(f"{stack.rasa_url}/status", params=params, timeout=10).status_code == 401
    assert not paused(stack, sender)
    assert model_in_use(stack) == model


def test_with_the_token_the_api_answers(stack: Stack) -> None:
    sender = f"worker-{uuid.uuid4().hex[:8]}"
    assert pause(stack, sender, stack.auth).status_code == 200
    assert paused(stack, sender)
    model = model_in_use(stack)
    past_the_check = load_model(stack, stack.auth)  # the loading, not the token, refuses it
    assert past_the_check.status_code in (400, 500), past_the_check.text
    assert model_in_use(stack) == model


def test_residents_talk_through_the_rest_channel_without_a_token(stack: Stack) -> None:
    assert texts(say(stack, f"resident-{uuid.uuid4().hex[:8]}", "养老金认证咋弄")).strip()


@pytest.mark.skipif(bool(os.environ.get("RASA_TOKEN")), reason="RASA_TOKEN is set")
def test_without_rasa_token_the_servers_token_is_kept_for_its_owner_only(stack: Stack) -> None:
    kept = stack.data_dir / TOKEN_FILE
    assert kept.read_text(encoding="utf-8").strip() == stack.token
    assert kept.stat().st_mode & 0o777 == 0o600
