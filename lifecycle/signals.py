"""How the assistant's long-running processes stop: once, on the first SIGTERM or SIGINT."""

from __future__ import annotations

import signal
from collections.abc import Callable


def stop_on_first_signal(stop_gently: Callable[[], bool] | None = None) -> None:
    """Stop on the first SIGTERM or SIGINT; later ones are ignored while stopping.

    `stop_gently` is tried first: an event loop asked to stop (True) finishes its current step
    and shuts down in order. Otherwise (False, or none given) KeyboardInterrupt is raised, so
    the process stops as on Ctrl-C.

    A process manager signals the whole process group, and make passes the signal on to its
    child too, so the same stop often arrives twice; a second interruption must not cut short
    the stopping (servers left running, messages not kept).
    """

    def stop(_signum: int, _frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if stop_gently is None or not stop_gently():
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
