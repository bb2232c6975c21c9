"""Per-resident flood protection: a sliding window of recent messages."""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable


class Verdict(enum.Enum):
    ALLOW = "allow"
    REFUSE_AND_TELL = "refuse_and_tell"  # the first refused message in a flood: say so once
    REFUSE = "refuse"


class Throttle:
    """At most `messages` per resident in any `seconds`; floods are told once, then ignored."""

    def __init__(
        self, messages: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._messages = messages
        self._seconds = seconds
        self._clock = clock
        self._recent: dict[str, deque[float]] = {}
        self._told: set[str] = set()

    def check(self, sender_id: str) -> Verdict:
        """Count a message from `sender_id` and say whether to forward it."""
        now = self._clock()
        recent = self._recent.setdefault(sender_id, deque())
        while recent and recent[0] <= now - self._seconds:
            recent.popleft()
        if len(recent) < self._messages:
            recent.append(now)
            self._told.discard(sender_id)
            self._forget_quiet(now)
            return Verdict.ALLOW
        if sender_id in self._told:
            return Verdict.REFUSE
        self._told.add(sender_id)
        return Verdict.REFUSE_AND_TELL

    def _forget_quiet(self, now: float) -> None:
        """Drop residents with no message in the window, so memory follows current activity."""
        if len(self._recent) < 1_000:
            return
        for sender_id in [
            s for s, r in self._recent.items() if not r or r[-1] <= now - self._seconds
        ]:
            del self._recent[sender_id]
            self._told.discard(sender_id)
