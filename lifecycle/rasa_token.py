"""The token Rasa's HTTP API asks for (`rasa run --auth-token`): without it, anyone reaching the
port could replace the model or write into conversations.

Deployments set `RASA_TOKEN` from their secrets. On one machine without it, whichever local
process needs the token first (`make serve`, `make run`, the gateway, the admin, a tool) makes
a random one and keeps it in `$DATA_DIR/rasa-token`, readable by its owner only; the others
read it there, in whatever order they start. The REST channel residents talk through
(`/webhooks/rest/webhook`) needs no token.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

TOKEN_FILE = "rasa-token"


def rasa_token(data_dir: Path) -> str:
    """`RASA_TOKEN`, else the token kept in `data_dir`, kept there now if there is none yet."""
    return os.environ.get("RASA_TOKEN") or _kept(data_dir) or _keep_new(data_dir)


def _kept(data_dir: Path) -> str | None:
    try:
        return (data_dir / TOKEN_FILE).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _keep_new(data_dir: Path) -> str:
    """Write a new token with mode 0600; of two processes keeping one at the same moment, the
    first wins and both use its token."""
    data_dir.mkdir(parents=True, exist_ok=True)
    descriptor, draft = tempfile.mkstemp(dir=data_dir, prefix=f".{TOKEN_FILE}-")  # mode 0600
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(secrets.token_urlsafe(32) + "\n")
        os.link(draft, data_dir / TOKEN_FILE)  # unlike a rename, never replaces a kept token
    except FileExistsError:
        pass
    finally:
        os.unlink(draft)
    if not (token := _kept(data_dir)):
        raise RuntimeError(f"{data_dir / TOKEN_FILE} is empty: delete it to have a new token")
    return token
