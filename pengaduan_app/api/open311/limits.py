"""Requests per minute per API key: a token bucket for each key, kept in the server process.

Reflex runs one backend worker unless Redis is configured; with several workers
each keeps its own buckets, so a key may get up to that many times the limit.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class RateLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}  # key id -> (tokens, at)
        self._lock = threading.Lock()

    def retry_after(self, key_id: int, per_minute: int) -> int:
        """0 and one request counted when the key may go on; else the seconds until it may."""
        rate = per_minute / 60.0
        with self._lock:
            now = self._clock()
            tokens, at = self._buckets.get(key_id, (float(per_minute), now))
            tokens = min(float(per_minute), tokens + (now - at) * rate)
            if tokens >= 1:
                self._buckets[key_id] = (tokens - 1, now)
                return 0
            self._buckets[key_id] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / rate)) if rate > 0 else 60
