"""The access token is fetched once, shared by instances through the app database, renewed before
it expires and after WeChat rejects it, by one instance only."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.app_database import AppDatabase
from bot.wechat.tokens import RENEW_EARLY, SharedToken, TokenUnavailable
from catalog import access_tokens
from catalog.database import make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head

KEY = "wechat:wx-unit"


class FakeWeChat:
    """Hands out numbered tokens, slowly, each valid for `lifetime` seconds."""

    def __init__(self, lifetime: int = 7200, fail: bool = False) -> None:
        self.fetched, self.lifetime, self.fail = 0, lifetime, fail

    async def fetch(self) -> tuple[str, int]:
        await asyncio.sleep(0.05)
        if self.fail:
            raise RuntimeError("WeChat is away")
        self.fetched += 1
        return f"token-{self.fetched}", self.lifetime


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade_to_head(engine)
    return make_session_factory(engine)


async def test_one_fetch_serves_every_send_and_every_instance(sessions) -> None:
    wechat = FakeWeChat()
    first, second = (SharedToken(AppDatabase(sessions), KEY, wechat.fetch) for _ in range(2))
    tokens = await asyncio.gather(*(t.get() for t in (first, second, first, second)))
    assert set(tokens) == {"token-1"} and wechat.fetched == 1


async def test_a_token_about_to_expire_is_renewed_early(sessions) -> None:
    wechat = FakeWeChat(lifetime=int(RENEW_EARLY.total_seconds()) + 1)
    shared = SharedToken(AppDatabase(sessions), KEY, wechat.fetch)
    assert await shared.get() == "token-1"
    await asyncio.sleep(1.1)
    assert await shared.get() == "token-2"


async def test_a_rejected_token_is_renewed_once_whoever_asks(sessions) -> None:
    wechat = FakeWeChat()
    first, second = (SharedToken(AppDatabase(sessions), KEY, wechat.fetch) for _ in range(2))
    rejected = await first.get()
    renewed = await asyncio.gather(first.renew(rejected), second.renew(rejected))
    assert renewed == ["token-2", "token-2"] and wechat.fetched == 2
    assert await second.get() == "token-2"


async def test_a_failed_fetch_frees_the_claim_for_the_next_try(sessions) -> None:
    wechat = FakeWeChat(fail=True)
    shared = SharedToken(AppDatabase(sessions), KEY, wechat.fetch)
    with pytest.raises(TokenUnavailable):
        await shared.get()
    wechat.fail = False
    assert await shared.get() == "token-1"


def test_a_claim_is_taken_only_while_the_token_is_unchanged(sessions) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    hold = now + dt.timedelta(seconds=30)
    assert access_tokens.claim_renewal(sessions, KEY, None, now, hold)
    assert not access_tokens.claim_renewal(sessions, KEY, None, now, hold)  # held
    access_tokens.renewed(sessions, KEY, "a", now + dt.timedelta(hours=2))
    assert not access_tokens.claim_renewal(sessions, KEY, "old", now, hold)  # changed since
    assert access_tokens.claim_renewal(sessions, KEY, "a", now, hold)
    assert access_tokens.current(sessions, KEY)[0] == "a"
