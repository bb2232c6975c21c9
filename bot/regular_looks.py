"""A gateway's regular looks at the app database (the help queue, the outbox, family members'
news, reminders due): each every few seconds until cancelled, a failed one logged without
stopping the next."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

log = logging.getLogger(__name__)

Look = Callable[[], Awaitable[None]]


async def look_regularly(looks: Sequence[Look], seconds: float) -> None:
    """Run `looks` in turn every `seconds`, until cancelled."""
    while True:
        for look in looks:
            try:
                await look()
            except Exception:  # a failed look must not stop the next one
                log.exception("regular_look_failed")
        await asyncio.sleep(seconds)
