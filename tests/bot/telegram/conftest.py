"""Fixtures of the gateway's unit tests."""

from __future__ import annotations

import pytest

from tests.bot.telegram.fakes import FakeBot


@pytest.fixture
def fake_bot() -> FakeBot:
    return FakeBot()
