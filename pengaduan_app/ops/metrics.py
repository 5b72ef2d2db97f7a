"""Prometheus metrics, safe with several worker processes.

With PROMETHEUS_MULTIPROC_DIR set (serve.sh sets it when PENGADUAN_METRICS=1), prometheus-client keeps each
process's values in files there and `/metrics` adds them up across workers; without it (one process, tests)
the values live in memory. Counting costs a lock and an add, so it always runs; only `/metrics` is behind
the setting. No label carries anything a client chose freely (bounded label sets only).
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

REPORTS_FILED = Counter("pengaduan_reports_filed", "Reports filed, by intake channel", ["channel"])
EVENTS_HANDLED = Counter("pengaduan_events_handled", "Events received from browsers over the event socket")
RATE_LIMIT_REFUSALS = Counter("pengaduan_rate_limit_refusals", "Requests refused by an abuse limit", ["limit"])
REQUEST_SECONDS = Histogram(
    "pengaduan_request_seconds",
    "HTTP request latency by part of the site",
    ["part"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

LIMITS = frozenset({"report", "support", "sign_in", "api_key"})


def report_filed(channel: str) -> None:
    REPORTS_FILED.labels(channel).inc()  # validated against the known channels before a report is stored


def rate_limited(limit: str) -> None:
    RATE_LIMIT_REFUSALS.labels(limit if limit in LIMITS else "other").inc()


def exposition() -> tuple[bytes, str]:
    """The text `/metrics` serves: every worker's values when several share the metrics folder."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
