"""`GET /staf/asli/{redaction_id}`: the original behind a redaction, for signed-in admins only.

The staff session cookie is checked here again (as in every staff handler), so the link
works in a new tab and nobody else gets the original by guessing the address.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..db import session_scope
from ..domain.accounts import SESSION_COOKIE, identity_for
from ..domain.moderation import ModerationError, original_for_admin
from ..domain.permissions import PermissionDenied
from ..media.stores import private_store
from .media import photo_response

_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


def original(request: Request) -> Response:
    """Plain (sync): Starlette runs it in its thread pool, away from the event loop."""
    with session_scope() as session:
        identity = identity_for(session, request.cookies.get(SESSION_COOKIE, ""))
        try:
            kept = original_for_admin(session, identity, request.path_params["redaction_id"])
        except PermissionDenied:
            return PlainTextResponse("forbidden", status_code=403, headers=_HEADERS)
        except ModerationError:
            return PlainTextResponse("not found", status_code=404, headers=_HEADERS)
    if kept.photo is not None:
        return photo_response(private_store(), kept.photo, _HEADERS)
    return PlainTextResponse(kept.redaction.original, headers=_HEADERS)
