"""Staff sign-in and the identity every staff handler checks for itself."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from typing import Any, TypeVar

import reflex as rx
from sqlmodel import Session

from ..config import get_settings
from ..db import read_scope, session_scope
from ..domain.accounts import SESSION_COOKIE, StaffIdentity, identity_for
from ..domain.credentials import SIGN_IN_PAGE, safe_next
from ..domain.staff_queue import overdue_count
from ..errors import Refused
from ..i18n import translate
from .lang import current_language

SIGN_IN_REFUSALS = {
    "failed": "error.sign_in_failed",
    "throttled": "error.sign_in_throttled",
    "code": "error.two_factor_code_wrong",
    "expired": "error.two_factor_expired",
}


def cookie_of(cookie_header: str, name: str) -> str:
    """One cookie's value from a Cookie header ("" when absent or unreadable)."""
    cookies = SimpleCookie()
    try:
        cookies.load(cookie_header or "")
    except CookieError:
        return ""
    morsel = cookies.get(name)
    return morsel.value if morsel is not None else ""


def session_token_of(cookie_header: str) -> str:
    """The staff session token from a Cookie header ("" when absent or unreadable)."""
    return cookie_of(cookie_header, SESSION_COOKIE)


class StaffState(rx.State):
    """Who is signed in, for the pages. The session token itself is never a var: it stays in the HttpOnly cookie
    (set by POST /staf/sesi, see api/staff_session.py), read here from the connection's request headers."""

    signed_in: bool = False
    display_name: str = ""
    role: str = ""
    is_admin: bool = False
    overdue: int = 0  # the officer's overdue reports (domain/staff_queue.py), the header's red badge
    sign_in_error: str = ""
    next_path: str = "/staf"

    def _identity(self) -> StaffIdentity | None:
        token = session_token_of(self.router.headers.cookie)
        if not token:
            return None
        with read_scope() as session:
            return identity_for(session, token)

    def _show(self, identity: StaffIdentity | None) -> None:
        self.signed_in = identity is not None
        self.display_name = identity.display_name if identity else ""
        self.role = identity.role if identity else ""
        self.is_admin = bool(identity and identity.is_admin)

    @rx.event
    def require_sign_in(self):
        """on_load of every staff page: back to the sign-in page when the session is gone; the overdue count
        read afresh (an indexed count)."""
        identity = self._identity()
        self._show(identity)
        with read_scope() as session:
            self.overdue = overdue_count(session, identity)
        if identity is None:
            return rx.redirect(f"{SIGN_IN_PAGE}?next={self.router.url.path}")
        return None

    @rx.event
    async def open_sign_in(self):
        """on_load of the sign-in page: where to go next, and why the last attempt was refused."""
        params = self.router.page.params
        self.next_path = safe_next(str(params.get("next", "")))
        refusal = SIGN_IN_REFUSALS.get(str(params.get("galat", "")))
        lang = await current_language(self)
        minutes = get_settings().sign_in_window_minutes
        self.sign_in_error = translate(lang, refusal, minutes=minutes) if refusal else ""


async def current_identity(state: rx.State) -> StaffIdentity | None:
    """The signed-in officer for the event `state` is handling, looked up in the database every time."""
    return (await state.get_state(StaffState))._identity()


Read = TypeVar("Read")


async def read_as_staff(state: rx.State, read: Callable[[Session, StaffIdentity | None], Read]) -> Read | None:
    """What `read(session, officer)` gives the signed-in officer (None if signed out), or None when the domain
    refuses them: the permission checks stay in the domain functions `read` calls."""
    identity = await current_identity(state)
    try:
        with read_scope() as session:
            return read(session, identity)
    except Refused:
        return None


class StaffPage(rx.State, mixin=True):
    """A staff page: it loads through `read_as_staff` and its buttons run domain steps through `act`, which
    shows the outcome in `message` or `error`. Every event handler of every subclass is checked by
    tests/state/test_staff_permissions.py."""

    message: str = ""
    error: str = ""

    @rx.event
    async def load(self):
        """Open the page afresh: no message from before, its data read again."""
        self.message = self.error = ""
        await self._reload()

    async def _reload(self) -> None:
        """Load the page's data again (after a step that changed it)."""


REFUSED = object()  # what `act` gives back when the domain refused the step


def _unit_of_work(step: Callable[..., Any], identity: StaffIdentity | None, args: tuple, kwargs: dict) -> Any:
    with session_scope() as session:
        return step(session, identity, *args, **kwargs)


async def act(page: StaffPage, step: Callable[..., Any], *args, done_key: str = "staff.done", **kwargs) -> Any:
    """Run `step(session, officer, *args, **kwargs)` as one transaction for the signed-in officer (in a thread:
    photos and password hashes are blocking work), show the outcome and reload the page. Returns the step's
    result, or REFUSED with the refusal's message in `page.error`."""
    identity = await current_identity(page)
    lang = await current_language(page)
    try:
        result = await asyncio.to_thread(_unit_of_work, step, identity, args, kwargs)
    except Refused as refusal:
        page.message, page.error = "", translate(lang, refusal.code, **refusal.params)
        return REFUSED
    page.error, page.message = "", translate(lang, done_key)
    await page._reload()
    return result
