"""Sliding-window rate limits, per key (a conversation, an address), kept in memory: enough for
one instance; residents never come near them, floods do."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable

Clock = Callable[[], float]
MAX_KEYS = 50_000  # the longest-quiet keys are forgotten past this


class Window:
    """At most `limit` events per key within any `seconds`."""

    def __init__(self, limit: int, seconds: float, clock: Clock = time.monotonic) -> None:
        self._limit, self._seconds, self._clock = limit, seconds, clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """Count one event of `key` if it is within the limit; False (not counted) if not."""
        now = self._clock()
        events = self._events.pop(key, None) or deque()
        while events and events[0] <= now - self._seconds:
            events.popleft()
        self._events[key] = events
        while len(self._events) > MAX_KEYS:
            self._events.popitem(last=False)
        if len(events) >= self._limit:
            return False
        events.append(now)
        return True
