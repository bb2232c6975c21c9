"""The admin's commands: `python -m admin serve|account`.

serve    start the web admin on ADMIN_HOST:ADMIN_PORT (127.0.0.1:8000 by default)
account  create an editor's or admin's sign-in (the first admin is made this way)
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from collections.abc import Iterator

import uvicorn
from pydantic import ValidationError

from admin.accounts import ADMIN_ROLES, create_account
from admin.app import create_app
from admin.settings import AdminSettings
from catalog.database import make_engine, make_session_factory
from catalog.schema_migration import upgrade_to_head
from lifecycle.signals import stop_on_first_signal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m admin", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="start the web admin")
    account = commands.add_parser("account", help="create a sign-in")
    account.add_argument("login_name")
    account.add_argument("--role", choices=ADMIN_ROLES, default="editor")
    account.add_argument("--name", help="the name shown in the history (default: login name)")
    account.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    args = parser.parse_args(argv)
    if args.command == "account":
        return _create_account(args)
    try:
        settings = AdminSettings()
    except ValidationError as error:
        print(f"Admin settings are invalid:\n{error}", file=sys.stderr)
        return 2
    print(f"Admin on http://{settings.host}:{settings.port}/  (Ctrl-C stops)", flush=True)
    config = uvicorn.Config(
        create_app(settings), host=settings.host, port=settings.port, log_level="warning"
    )
    QuietlyStoppedServer(config).run()
    return 0


class QuietlyStoppedServer(uvicorn.Server):
    """Uvicorn's server, stopped as every process of the assistant stops: gently on the first
    SIGTERM or SIGINT, later ones ignored (a running training is ended on the way), exit 0."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        stop_on_first_signal(self._stop_gently)
        yield

    def _stop_gently(self) -> bool:
        self.should_exit = True
        return True


def _create_account(args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("The two passwords differ; nothing was created.", file=sys.stderr)
            return 1
    engine = make_engine()
    upgrade_to_head(engine)
    try:
        create_account(
            make_session_factory(engine),
            args.login_name,
            password,
            args.role,
            args.name or args.login_name,
        )
    except ValueError as error:
        print(f"Not created: {error}", file=sys.stderr)
        return 1
    print(f"Created {args.role} {args.login_name!r}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
