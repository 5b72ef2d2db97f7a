"""Waiting for what the running app's channel deliverer sends to the fakes (it runs in the app's process)."""

from __future__ import annotations

import time
from collections.abc import Callable

PATIENCE_S = 30.0


def wait_for(found: Callable[[], object], what: str) -> object:
    """`found()`'s first truthy value, asked again until PATIENCE_S has passed (then the test fails)."""
    deadline = time.monotonic() + PATIENCE_S
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


def whatsapp_texts(provider, number: str) -> list[str]:
    return [m["text"]["body"] for m in list(provider.whatsapp_sent) if m["to"] == number.lstrip("+")]
