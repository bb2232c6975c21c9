"""`make run`: start the servers, then chat in this terminal (or run the Telegram gateway when
TELEGRAM_BOT_TOKEN is set). Server logs go to var/logs/."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys

from bot.terminal import run_terminal_chat
from catalog.database import DATA_DIR
from lifecycle.signals import stop_on_first_signal
from tools.serve import Stack


def main() -> int:
    stack = Stack(log_dir=DATA_DIR / "logs")
    stop_on_first_signal()
    print("正在启动助手（第一次大约需要一分钟）…", flush=True)
    with contextlib.suppress(KeyboardInterrupt), stack:
        if os.environ.get("TELEGRAM_BOT_TOKEN"):
            from bot.telegram.app import run_gateway  # imported only when Telegram is used

            run_gateway(rasa_url=stack.rasa_url)
        else:
            asyncio.run(run_terminal_chat(stack.rasa_url, stack.token))
    return 0


if __name__ == "__main__":
    sys.exit(main())
