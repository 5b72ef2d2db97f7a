"""One JSON line per request and per staff action, on the `pengaduan` logger (stderr by default).

No personal data: no client address, no query string, no path beyond its first part (tracking codes and
private keys live there), no report text; a staff action names the action, the officer's id and the report's
tracking code, never the detail (notes may quote a reporter).
"""

from __future__ import annotations

import json
import logging
import sys
import time

LOGGER = logging.getLogger("pengaduan.events")


def log_line(kind: str, **fields) -> None:
    LOGGER.info(json.dumps({"at": round(time.time(), 3), "kind": kind, **fields}, ensure_ascii=False))


def setup_logging() -> None:
    """A plain stderr handler for the JSON lines, once per process (the lines are already formatted)."""
    if LOGGER.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
