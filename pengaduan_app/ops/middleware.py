"""ASGI middleware (a Reflex `api_transformer`): request latency, events over the socket, one log line each."""

from __future__ import annotations

import time

from .logs import log_line
from .metrics import EVENTS_HANDLED, REQUEST_SECONDS

# The first path segment names the part of the site; anything else is grouped as "page".
PARTS = {
    "api": "api",
    "media": "media",
    "peta": "map",
    "staf": "staff",
    "open311": "open311",
    "_upload": "upload",
    "_event": "event",
    "healthz": "health",
    "metrics": "metrics",
    "_next": "static",
    "leaflet": "static",
}


def part_of(path: str) -> str:
    first = path.lstrip("/").split("/", 1)[0]
    return PARTS.get(first, "static" if "." in first else "page")


def observe(app):
    async def observed(scope, receive, send):
        if scope["type"] == "websocket":
            await app(scope, _counting_events(receive), send)
            return
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status, done = 500, False

        def record() -> None:
            nonlocal done
            done = True
            seconds = time.perf_counter() - started
            part = part_of(scope.get("path", ""))
            REQUEST_SECONDS.labels(part).observe(seconds)
            log_line("request", method=scope.get("method", ""), part=part, status=status, ms=round(seconds * 1000, 1))

        async def send_observed(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body", False) and not done:
                record()  # before the last byte leaves: whoever reads the metrics next sees this request
            await send(message)

        try:
            await app(scope, receive, send_observed)
        finally:
            if not done:
                record()  # no complete response (an error, a dropped client)

    return observed


def _counting_events(receive):
    """socket.io event frames start with "42" (message + event); pings and handshakes are not events."""

    async def counted():
        message = await receive()
        if message.get("type") == "websocket.receive" and (message.get("text") or "").startswith("42"):
            EVENTS_HANDLED.inc()
        return message

    return counted
