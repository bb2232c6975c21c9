"""A Rasa lock store on Redis' own atomic lock, for several Rasa instances sharing conversations.

Rasa 3.6's `RedisLockStore` issues its tickets by reading the lock, adding a ticket and writing
it back: two instances doing that at the same moment can both get the same ticket, and then both
process a message of the same conversation at once (two 下一步 sent to two instances both moved
from step 1 to step 2). Here a conversation's lock is one Redis key set only if absent, with a
lifetime, and released only by its holder (redis-py's `Lock`, a Lua script); a message waits for
it for up to that lifetime.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig
from redis.asyncio import Redis
from redis.exceptions import LockError as RedisLockError

KEY_PREFIX = "conversation-lock:"
POLL_SECONDS = 0.02  # how often a waiting message tries again


class AtomicRedisLockStore(LockStore):
    """`lock_store: type: rasa_addons.atomic_redis_lock_store.AtomicRedisLockStore` with the
    `url` (host), `port`, `db` and `password` of Rasa's own Redis lock store."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        settings = endpoint_config.kwargs
        self._redis = Redis(
            host=endpoint_config.url or "localhost",
            port=int(settings.get("port") or 6379),
            db=int(settings.get("db") or 1),
            password=settings.get("password") or None,
        )

    @contextlib.asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        """Hold the conversation's lock while the block runs (waiting for it if needed)."""
        held = self._redis.lock(
            KEY_PREFIX + conversation_id,
            timeout=lock_lifetime,
            sleep=POLL_SECONDS,
            blocking_timeout=lock_lifetime,
        )
        if not await held.acquire():
            raise LockError(f"conversation '{conversation_id}' stayed locked {lock_lifetime} s")
        try:
            yield TicketLock(conversation_id)
        finally:
            with contextlib.suppress(RedisLockError):  # expired meanwhile: someone else's now
                await held.release()
