"""How the assistant's long-running processes stop: once, on the first SIGTERM or SIGINT."""

from __future__ import annotations

import signal


def stop_on_first_signal() -> None:
    """The first SIGTERM or SIGINT raises KeyboardInterrupt, so the process stops as cleanly as
    on Ctrl-C; later ones are ignored while it does.

    A process manager signals the whole process group, and make passes the signal on to its
    child too, so the same stop often arrives twice; a second interruption must not cut short
    the stopping (servers left running, messages not kept).
    """

    def stop(_signum: int, _frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
