"""Request bodies are bounded by the app itself, for every route (`/_upload`, Open311, any form or multipart).

No proxy is assumed in front: a body larger than the limit is refused with 413 before it is read when its
Content-Length says so, and while it streams when it does not (chunked). Uploads to `/_upload` are also limited
per client address, and the bodies being received at once by this process may not exceed a spool budget
(Starlette spools file parts to temporary files), so many parallel uploads cannot fill the disk either.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

from starlette.requests import Request

from ..config import get_settings
from .client_address import client_address
from .rate_limiter import RateLimiter

UPLOAD_PATH = "/_upload"
BODY_METHODS = {"POST", "PUT", "PATCH"}


@dataclass
class SpoolBudget:
    """Bytes of request bodies this process is receiving right now, against a cap."""

    cap: int
    used: int = 0

    def __post_init__(self):
        self._lock = threading.Lock()

    def take(self, size: int) -> bool:
        with self._lock:
            if self.used + size > self.cap:
                return False
            self.used += size
            return True

    def give_back(self, size: int) -> None:
        with self._lock:
            self.used -= size


class _Refused(Exception):
    def __init__(self, status: int, message: str, retry_after: int = 0):
        self.status, self.message, self.retry_after = status, message, retry_after


async def _answer(send, refusal: _Refused) -> None:
    body = json.dumps([{"code": refusal.status, "description": refusal.message}]).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers.append((b"connection", b"close"))
    if refusal.retry_after:
        headers.append((b"retry-after", str(refusal.retry_after).encode()))
    await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def body_limit(app):
    """ASGI middleware (a Reflex `api_transformer`): 413 over the body limit, 429 over the upload rate, 503 when
    the spool budget is spent."""
    settings = get_settings()
    limit = settings.max_body_bytes
    budget = SpoolBudget(settings.upload_spool_bytes)
    uploads = RateLimiter()

    async def limited(scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await app(scope, receive, send)
            return
        request = Request(scope)
        declared = request.headers.get("content-length")
        try:
            if declared is not None and (not declared.isdigit() or int(declared) > limit):
                raise _Refused(413, f"The request body may be at most {limit} bytes.")
            if scope["path"].endswith(UPLOAD_PATH):
                wait = uploads.retry_after(client_address(request), settings.upload_limit_per_address_minute)
                if wait:
                    raise _Refused(429, "Too many uploads from this address; try again later.", wait)
        except _Refused as refusal:
            await _answer(send, refusal)
            return
        reserved = int(declared) if declared is not None else 0
        if not budget.take(reserved):
            await _answer(send, _Refused(503, "The server is busy receiving other uploads.", 10))
            return
        received = 0
        refused: _Refused | None = None
        answered = started = False

        async def counting_receive():
            nonlocal received, reserved, refused
            if refused is not None:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = _Refused(413, f"The request body may be at most {limit} bytes.")
                elif received > reserved:
                    if not budget.take(received - reserved):
                        refused = _Refused(503, "The server is busy receiving other uploads.", 10)
                    else:
                        reserved = received
                if refused is not None:
                    await _refuse_once()
                    return {"type": "http.disconnect"}
            return message

        async def _refuse_once():
            nonlocal answered
            if not answered and not started:
                answered = True
                await _answer(send, refused)

        async def guarded_send(message):
            nonlocal started
            if answered:
                return  # the refusal went out already; whatever the route says after the cut is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await app(scope, counting_receive, guarded_send)
        except Exception:
            if refused is None:
                raise
        finally:
            budget.give_back(reserved)

    return limited
