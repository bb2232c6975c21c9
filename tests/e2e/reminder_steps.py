"""What the reminders' end-to-end tests share on every channel: the settings that let a notice
go at any hour and be tried again within seconds, and the database as the clock the gateways
read (a notice's moment moved to now)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from tools.processes import wait_until
from tools.serve import Stack

ALL_DAY = "00:00-23:59"
# Any hour is daytime; a refused notice is tried again 3 s later.
REMINDING = {"REMINDERS_DAYTIME": ALL_DAY, "REMINDERS_RETRY_MINUTES": "0.05"}
DUE_WORDS = "提醒您：「养老金资格认证」要在"  # the start of the pension certification's notice
THE_30_DAY_NOTICE = "reminder_id = ? AND days_before = 30"


def query(stack: Stack, sql: str, *parameters: Any) -> list[tuple]:
    """`sql` on the app database the gateways share."""
    with sqlite3.connect(stack.data_dir / "app.db") as db:
        return db.execute(sql, parameters).fetchall()


def make_due(stack: Stack, reminder: int) -> None:
    """The 30-day notice's moment comes (moved to a minute ago)."""
    moment = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    query(
        stack,
        f"UPDATE reminder_notices SET send_after = ? WHERE {THE_30_DAY_NOTICE}",
        moment.strftime("%Y-%m-%d %H:%M:%S.%f"),
        reminder,
    )


def the_notice(stack: Stack, reminder: int) -> tuple[Any, int]:
    """When the 30-day notice was sent (None while not) and its failed tries."""
    [row] = query(
        stack,
        f"SELECT sent_at, failures FROM reminder_notices WHERE {THE_30_DAY_NOTICE}",
        reminder,
    )
    return row


def reminder_at(stack: Stack, channel: str, recipient: str) -> int:
    """The active reminder of the resident reached at `recipient` on `channel`."""
    [(reminder,)] = query(
        stack,
        "SELECT id FROM reminders WHERE channel = ? AND recipient = ? AND status = 'active'",
        channel,
        recipient,
    )
    return reminder


def failures_once_sent(stack: Stack, reminder: int) -> int:
    """The 30-day notice's failed tries, once it is recorded as sent: the gateway records that
    just after the resident got it."""
    wait_until(lambda: the_notice(stack, reminder)[0] is not None, 10, "the notice recorded sent")
    return the_notice(stack, reminder)[1]
