"""Requests per minute per key (here: uploads per client address): a token bucket for each, kept in the process.

Reflex runs one backend worker unless Redis is configured; with several workers
each keeps its own buckets, so a key may get up to that many times the limit.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Hashable

MAX_BUCKETS = 50_000  # then buckets that have refilled are dropped: a flood of addresses cannot grow it for ever


class RateLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._buckets: dict[Hashable, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def retry_after(self, key_id: Hashable, per_minute: int) -> int:
        """0 and one request counted when the key may go on; else the seconds until it may."""
        rate = per_minute / 60.0
        with self._lock:
            now = self._clock()
            if len(self._buckets) >= MAX_BUCKETS:
                self._forget_full(now, rate, per_minute)
            tokens, at = self._buckets.get(key_id, (float(per_minute), now))
            tokens = min(float(per_minute), tokens + (now - at) * rate)
            if tokens >= 1:
                self._buckets[key_id] = (tokens - 1, now)
                return 0
            self._buckets[key_id] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / rate)) if rate > 0 else 60

    def _forget_full(self, now: float, rate: float, per_minute: int) -> None:
        """Drop the buckets that have refilled (the same as never seen); the caller holds the lock."""
        for key, (tokens, at) in list(self._buckets.items()):
            if tokens + (now - at) * rate >= per_minute:
                del self._buckets[key]
