"""`GET /akun/verifikasi?t=<token>`: the link mailed to a new account's e-mail address.

It uses the token once (domain/citizens.py) and sends the browser on to `/akun`, which words the
result (verified, expired, already used, unknown); the token never stays in the address bar or a Referer.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..db import session_scope
from ..domain.citizens import follow_link

_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def verify_email(request: Request) -> Response:
    """Plain (sync): Starlette runs it in its thread pool."""
    with session_scope() as session:
        result = follow_link(session, request.query_params.get("t", ""))
    return RedirectResponse(f"/akun?verifikasi={result}", status_code=303, headers=_HEADERS)
