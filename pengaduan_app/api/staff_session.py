"""`POST /staf/sesi` signs an officer in, `POST /staf/keluar` signs them out: plain form posts, so the session
token lives only in an HttpOnly, SameSite=Lax cookie (Secure over HTTPS) that no script reads; the event handlers
read it from their connection's cookies (state/staff_auth.py), and it never travels in state or socket frames.

Both refuse posts from another site's page (their Origin must be this server), and answer with a redirect: the
next page loads afresh and its event socket carries the new cookie.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ..config import get_settings
from ..db import read_scope, session_scope
from ..domain.accounts import SESSION_COOKIE, SESSION_HOURS, sign_in, sign_out, staff_sign_in_delay
from ..domain.credentials import CredentialError
from ..domain.navigation import SIGN_IN_PAGE, safe_next
from .client_address import client_address

FIELD_MAX = 200


def _same_origin(request: Request) -> bool:
    """A browser sends Origin with every cross-site POST; it must name this server's own host."""
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser's cross-site form (those always carry Origin)
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or get_settings().public_base_url.startswith("https://")


def _set_session(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_HOURS * 3600 if token else 0,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )


async def start(request: Request) -> Response:
    if not _same_origin(request):
        return PlainTextResponse("forbidden", status_code=403)
    form = await request.form()
    username = str(form.get("username", ""))[:FIELD_MAX]
    password = str(form.get("password", ""))[:FIELD_MAX]
    target = safe_next(str(form.get("next", "")))
    client = client_address(request) or "unknown"
    with read_scope() as session:
        delay = staff_sign_in_delay(session, username)
    if delay:
        await asyncio.sleep(delay)

    def check() -> str:  # Argon2: in a thread, never on the event loop
        with session_scope() as session:
            return sign_in(session, username, password, client=client)

    try:
        token = await asyncio.to_thread(check)
    except CredentialError as err:
        refusal = "throttled" if err.code == "error.sign_in_throttled" else "failed"
        return RedirectResponse(f"{SIGN_IN_PAGE}?{urlencode({'next': target, 'galat': refusal})}", status_code=303)
    response = RedirectResponse(target, status_code=303)
    _set_session(response, request, token)
    return response


def end(request: Request) -> Response:
    """Plain (sync): Starlette runs it in its thread pool."""
    if not _same_origin(request):
        return PlainTextResponse("forbidden", status_code=403)
    with session_scope() as session:
        sign_out(session, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse(SIGN_IN_PAGE, status_code=303)
    _set_session(response, request, "")
    return response
