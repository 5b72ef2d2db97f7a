"""`POST /staf/sesi` signs an officer in, `POST /staf/keluar` signs them out: plain form posts, so the session
token lives only in an HttpOnly, SameSite=Lax cookie (Secure over HTTPS) that no script reads; the event handlers
read it from their connection's cookies (state/staff_auth.py), and it never travels in state or socket frames.

An account with a second factor (or an admin or moderator who must enrol one) gets no session for its password:
a short-lived signed pending cookie instead, then `POST /staf/sesi/kode` (the TOTP or a recovery code) or
`POST /staf/sesi/daftar` (the first code of a new enrolment) issues the session. Wrong codes count toward the
sign-in limits like wrong passwords.

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
from ..domain import credentials
from ..domain.accounts import (
    SESSION_COOKIE,
    SESSION_HOURS,
    PasswordStep,
    check_password,
    enrol_and_sign_in,
    identity_for,
    sign_in_with_code,
    sign_out,
    staff_sign_in_delay,
)
from ..domain.credentials import CODE_PAGE, ENROL_PAGE, RECOVERY_PAGE, SIGN_IN_PAGE, CredentialError, safe_next
from ..models import StaffUser
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


def _set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name, value, max_age=max_age if value else 0, path="/", httponly=True, samesite="lax", secure=_secure(request)
    )


def _set_session(response: Response, request: Request, token: str) -> None:
    _set_cookie(response, request, SESSION_COOKIE, token, SESSION_HOURS * 3600)
    _set_cookie(response, request, credentials.PENDING_COOKIE, "", 0)


def _back(page: str, target: str, refusal: str) -> RedirectResponse:
    return RedirectResponse(f"{page}?{urlencode({'next': target, 'galat': refusal})}", status_code=303)


def _refusal(err: CredentialError) -> str:
    return "throttled" if err.code == "error.sign_in_throttled" else "failed"


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

    def check() -> PasswordStep:  # Argon2: in a thread, never on the event loop
        with session_scope() as session:
            return check_password(session, username, password, client=client)

    try:
        step = await asyncio.to_thread(check)
    except CredentialError as err:
        return _back(SIGN_IN_PAGE, target, _refusal(err))
    if step.token:
        response = RedirectResponse(target, status_code=303)
        _set_session(response, request, step.token)
        return response
    with read_scope() as session:
        pending = credentials.pending_token(session.get(StaffUser, step.user_id), step.step)
    page = CODE_PAGE if step.step == credentials.STEP_CODE else ENROL_PAGE
    response = RedirectResponse(f"{page}?{urlencode({'next': target})}", status_code=303)
    _set_cookie(response, request, credentials.PENDING_COOKIE, pending, credentials.PENDING_SECONDS)
    return response


async def _second_step(request: Request, step: str, finish, page: str, done: str | None) -> Response:
    """The code form of `step`: the account from the pending cookie (or, when enrolling by choice, from the
    session), `finish(session, user, code, client=...)` issues the session, then on to `done` (None: `next`)."""
    if not _same_origin(request):
        return PlainTextResponse("forbidden", status_code=403)
    form = await request.form()
    code = str(form.get("code", ""))[:FIELD_MAX]
    target = safe_next(str(form.get("next", "")))
    client = client_address(request) or "unknown"
    old_session = request.cookies.get(SESSION_COOKIE, "")
    with read_scope() as session:
        user = credentials.pending_user(session, request.cookies.get(credentials.PENDING_COOKIE, ""), step)
        if user is None and step == credentials.STEP_ENROL:
            identity = identity_for(session, old_session)
            user = session.get(StaffUser, identity.id) if identity else None
        if user is None:
            return _back(SIGN_IN_PAGE, target, "expired")
        user_id = user.id
        delay = staff_sign_in_delay(session, user.username)
    if delay:
        await asyncio.sleep(delay)

    def check() -> str:
        with session_scope() as session:
            sign_out(session, old_session)
            return finish(session, session.get(StaffUser, user_id), code, client=client)

    try:
        token = await asyncio.to_thread(check)
    except CredentialError as err:
        return _back(page, target, "code" if err.code == "error.two_factor_code_wrong" else _refusal(err))
    where = target if done is None else f"{done}?{urlencode({'next': target})}"
    response = RedirectResponse(where, status_code=303)
    _set_session(response, request, token)
    return response


async def with_code(request: Request) -> Response:
    """`POST /staf/sesi/kode`: the second factor of a sign-in."""
    return await _second_step(request, credentials.STEP_CODE, sign_in_with_code, CODE_PAGE, None)


async def enrol(request: Request) -> Response:
    """`POST /staf/sesi/daftar`: the first code from a newly scanned secret; then the recovery codes, once."""
    return await _second_step(request, credentials.STEP_ENROL, enrol_and_sign_in, ENROL_PAGE, RECOVERY_PAGE)


def end(request: Request) -> Response:
    """Plain (sync): Starlette runs it in its thread pool."""
    if not _same_origin(request):
        return PlainTextResponse("forbidden", status_code=403)
    with session_scope() as session:
        sign_out(session, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse(SIGN_IN_PAGE, status_code=303)
    _set_session(response, request, "")
    return response
