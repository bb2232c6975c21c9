"""Staff administration from a terminal.

python -m handoff invite --role worker     # a one-time code, alone on the last line
python -m handoff staff                    # who is staff now
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from catalog.database import make_engine, make_session_factory
from catalog.models.staff import ROLES
from catalog.schema_migration import upgrade_to_head
from handoff import staff
from handoff.clock import utc_now
from handoff.settings import handoff_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handoff", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    invite = commands.add_parser("invite", help="create a one-time invite code")
    invite.add_argument("--role", choices=ROLES, default="worker")
    commands.add_parser("staff", help="list the current staff")
    args = parser.parse_args(argv)

    engine = make_engine()
    upgrade_to_head(engine)
    sessions = make_session_factory(engine)
    if args.command == "invite":
        hours = handoff_settings().invite_hours
        code = staff.create_invite(sessions, args.role, utc_now(), dt.timedelta(hours=hours))
        print(f"One-time code for a new {args.role}, valid for {hours:g} hours.")
        print(f"They send it to the bot as: /join {code}")
        print(code)
    else:
        for member in staff.current(sessions):
            duty = "on duty" if member.on_duty else "off duty"
            print(f"{member.id}\t{member.role}\t{duty}\t{member.display_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
