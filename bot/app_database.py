"""The app database as the gateway's async handlers use it: every call runs in a worker thread.

The data layer (`catalog`, `handoff`, `teaching`, `insights`) is synchronous SQLAlchemy. Called on
the event loop, a query that waits (a busy PostgreSQL, a locked SQLite file) would hold up every
other resident's updates and answers; in a thread it holds up only the handler that needs it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session, sessionmaker

P = ParamSpec("P")
T = TypeVar("T")


class AppDatabase:
    """Runs the data layer's functions off the event loop, each with its own short transaction
    as before."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    async def run(
        self,
        work: Callable[Concatenate[sessionmaker[Session], P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """`work(sessions, *args, **kwargs)`, for functions that open their own sessions."""
        return await asyncio.to_thread(work, self._sessions, *args, **kwargs)

    async def read(
        self, query: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`query(session, *args, **kwargs)` in a session of its own, closed after it."""
        return await self.run(_in_session, query, *args, **kwargs)


def _in_session(
    sessions: sessionmaker[Session],
    query: Callable[Concatenate[Session, P], T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    with sessions() as session:
        return query(session, *args, **kwargs)
