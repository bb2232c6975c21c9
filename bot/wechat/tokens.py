"""The account's access token, shared by the gateway instances through the app database
(`catalog.access_tokens`): fetched by one instance when missing, about to expire or rejected,
read by the others, and kept in memory between sends (never fetched per message)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable

from bot.app_database import AppDatabase
from catalog import access_tokens
from handoff.clock import utc_now

log = logging.getLogger(__name__)

RENEW_EARLY = dt.timedelta(minutes=5)  # a token is renewed this long before it expires
CLAIM_HOLD = dt.timedelta(seconds=30)  # how long another instance waits for one fetching
WAIT_STEP = 0.2  # seconds between looks while another instance fetches
Fetch = Callable[[], Awaitable[tuple[str, int]]]  # a new token and its lifetime in seconds


class TokenUnavailable(Exception):
    """No token now: the fetch failed, or the instance fetching did not finish in time."""


class SharedToken:
    """The access token of `key` (the channel and account), fetched with `fetch`."""

    def __init__(self, db: AppDatabase, key: str, fetch: Fetch) -> None:
        self._db, self._key, self._fetch = db, key, fetch
        self._cached: tuple[str, dt.datetime] | None = None

    async def get(self) -> str:
        """A token valid for at least `RENEW_EARLY` more."""
        if self._cached and self._cached[1] - RENEW_EARLY > utc_now():
            return self._cached[0]
        return await self._obtain(rejected=None)

    async def renew(self, rejected: str) -> str:
        """A token other than `rejected` (WeChat said it expired or is invalid)."""
        self._cached = None
        return await self._obtain(rejected)

    async def _obtain(self, rejected: str | None) -> str:
        deadline = time.monotonic() + CLAIM_HOLD.total_seconds()
        while True:
            token, expires = await self._db.run(access_tokens.current, self._key)
            now = utc_now()
            if token and expires and token != rejected and expires - RENEW_EARLY > now:
                self._cached = (token, expires)
                return token
            if await self._db.run(
                access_tokens.claim_renewal, self._key, token, now, now + CLAIM_HOLD
            ):
                return await self._fetch_and_keep()
            if time.monotonic() > deadline:
                raise TokenUnavailable("another instance is still fetching")
            await asyncio.sleep(WAIT_STEP)

    async def _fetch_and_keep(self) -> str:
        try:
            token, lifetime = await self._fetch()
        except Exception as error:
            await self._db.run(access_tokens.renewed, self._key, None, None)
            raise TokenUnavailable(str(error)) from error
        expires = utc_now() + dt.timedelta(seconds=lifetime)
        await self._db.run(access_tokens.renewed, self._key, token, expires)
        self._cached = (token, expires)
        log.info("access_token_renewed expires_in=%d", lifetime)
        return token
