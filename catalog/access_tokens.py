"""A channel's API access token, kept in the app database (`catalog.models.AccessToken`) so the
gateway instances share it: the one that claims the renewal fetches a new token, the others wait
for it and read it. A claim is taken in one conditional update, only while the stored token is
still the one the claimant saw, so two instances never both fetch in a loop."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from catalog.models import AccessToken


def current(sessions: sessionmaker[Session], key: str) -> tuple[str | None, dt.datetime | None]:
    """The stored token of `key` and when it expires (UTC), or (None, None)."""
    with sessions() as session:
        row = session.get(AccessToken, key)
        if row is None or row.token is None or row.expires_at is None:
            return None, None
        expires = row.expires_at
        return row.token, expires if expires.tzinfo else expires.replace(tzinfo=dt.timezone.utc)


def claim_renewal(
    sessions: sessionmaker[Session],
    key: str,
    seen: str | None,
    now: dt.datetime,
    until: dt.datetime,
) -> bool:
    """True when the caller is to fetch a new token: the stored one is still `seen` and nobody
    else's claim holds; the claim then holds until `until`."""
    try:
        with sessions.begin() as session:
            if session.get(AccessToken, key) is None:
                session.add(AccessToken(key=key, renewing_until=until))
                session.flush()
                return seen is None
            unchanged = AccessToken.token.is_(None) if seen is None else AccessToken.token == seen
            free = or_(AccessToken.renewing_until.is_(None), AccessToken.renewing_until < now)
            claimed = session.execute(
                update(AccessToken)
                .where(AccessToken.key == key, unchanged, free)
                .values(renewing_until=until)
            )
            return claimed.rowcount == 1
    except IntegrityError:  # another instance stored the first claim at the same moment
        return False


def renewed(
    sessions: sessionmaker[Session], key: str, token: str | None, expires_at: dt.datetime | None
) -> None:
    """Store the fetched token and end the claim (`token` None: the fetch failed, the old one
    stays and the next caller may try)."""
    with sessions.begin() as session:
        values: dict[str, object] = {"renewing_until": None}
        if token is not None:
            values |= {"token": token, "expires_at": expires_at}
        session.execute(update(AccessToken).where(AccessToken.key == key).values(**values))
