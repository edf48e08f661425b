"""Logging set up once: one key=value event per line; noisy libraries held at WARNING."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path


def configure(level: str = "INFO", file: Path | None = None) -> None:
    """Configure the root logger once, from main; to a file when the terminal is the chat."""
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        filename=None if file is None else str(file),
    )
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    for noisy in ("httpx", "httpcore", "jieba", "telegram.ext.Updater", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def user_hash(user: str) -> str:
    """A short stable pseudonym for a user id, safe for INFO logs."""
    return hashlib.sha256(user.encode()).hexdigest()[:10]
