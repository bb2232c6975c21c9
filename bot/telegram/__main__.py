"""`python -m bot.telegram` (`make bot`): run the gateway against a Rasa server already up."""

from __future__ import annotations

import sys

from bot.telegram.app import run_gateway
from bot.telegram.config import ConfigError

if __name__ == "__main__":
    try:
        run_gateway()
    except ConfigError as error:
        sys.exit(f"The Telegram gateway cannot start: {error} (see docs/telegram.md)")
