"""What every channel adapter shares: taking a message in inside one transaction, and the send failure."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..config import Settings
from ..db import session_scope
from ..domain.intake import Inbound, take_in
from ..media import MediaStore

BODY_LIMIT = 256 * 1024  # a webhook's JSON or form (photos are fetched separately, never posted to us)


class SendError(Exception):
    """The provider did not take the message; the outbox tries again later."""


async def webhook_body(request: Request, enabled: bool) -> bytes | Response:
    """The body of a channel's webhook, or the answer when the channel is off (404) or the body too large."""
    if not enabled:
        return JSONResponse({"error": "not configured"}, status_code=404)
    body = await request.body()
    if len(body) > BODY_LIMIT:
        return JSONResponse({"error": "too large"}, status_code=413)
    return body


def take_in_committed(message: Inbound, settings: Settings) -> None:
    """One message, one transaction (blocking: call it from a thread)."""
    with session_scope() as session:
        take_in(session, message, settings=settings, store=MediaStore(settings.media_dir))
