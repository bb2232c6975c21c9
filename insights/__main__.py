"""`make report`: the needs-feedback report of the last SINCE_DAYS days (default 7), written as
report.png and report.csv into REPORT_DIR (default the data directory), for every resident or
for one community's (COMMUNITY, its name or link code). `make community NAME=…` adds a community
and prints its link.

    .venv/app/bin/python -m insights --since-days 7 --out var/ [--community 玉林社区]
    .venv/app/bin/python -m insights --add-community 玉林社区
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from catalog import communities
from catalog.database import DATA_DIR, make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head
from handoff.clock import utc_now
from insights.chart import render
from insights.figures import compute
from insights.table import to_csv


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m insights", description=__doc__.splitlines()[0])
    parser.add_argument("--since-days", type=int, default=7)
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--community", help="only this community's residents (name or code)")
    parser.add_argument("--add-community", metavar="NAME", help="add a community, print its link")
    args = parser.parse_args(argv)
    if args.since_days < 1:
        parser.error("--since-days must be at least 1")
    engine = make_engine()
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    if args.add_community:
        return _add_community(sessions, args.add_community)
    community = communities.find(sessions, args.community) if args.community else None
    if args.community and community is None:
        parser.error(f"no community is named or coded {args.community!r} (make community NAME=…)")
    until = utc_now()
    report = compute(sessions, until - dt.timedelta(days=args.since_days), until, community)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.png").write_bytes(render(report))
    (args.out / "report.csv").write_text(to_csv(report), encoding="utf-8")
    print(
        f"{report.residents} residents, {len(report.asked)} services asked, "
        f"{report.help.count} help requests in the last {args.since_days} days: "
        f"{args.out / 'report.png'}, {args.out / 'report.csv'}"
    )
    return 0


def _add_community(sessions: sessionmaker[Session], name: str) -> int:
    try:
        community = communities.create(sessions, name)
    except ValueError as error:
        print(f"Not added: {error}", file=sys.stderr)
        return 1
    print(f"Community {community.name!r} added. Residents join by opening")
    print(f"  https://t.me/<your bot>?start={communities.LINK_PREFIX}{community.code}")
    print(f"or scanning a WeChat QR code with scene {communities.LINK_PREFIX}{community.code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
