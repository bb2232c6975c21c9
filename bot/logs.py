"""Log lines the gateways write: key=value, personal data masked, no tokens or channel ids."""

from __future__ import annotations

import logging

from privacy.masking import install_log_masking

FORMAT = "%(asctime)s level=%(levelname)s logger=%(name)s event=%(message)s"


def configure_logging(level: int = logging.INFO) -> None:
    """Mask personal data in every record; keep libraries that log URLs (with the token) quiet."""
    install_log_masking()
    logging.basicConfig(level=level, format=FORMAT)
    for noisy in ("httpx", "httpcore", "tornado.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
