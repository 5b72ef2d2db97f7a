"""Staff sign-in and the identity every staff handler checks for itself."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx
from sqlmodel import Session

from ..db import read_scope, session_scope
from ..domain.accounts import SESSION_COOKIE, SESSION_HOURS, StaffIdentity, identity_for, sign_in, sign_out
from ..domain.credentials import CredentialError
from ..errors import Refused
from ..i18n import translate
from .lang import current_language

SIGN_IN_PAGE = "/staf/masuk"


def safe_next(path: str) -> str:
    """Only back into the staff area: never an outside address."""
    path = str(path or "")
    if path.startswith("/staf") and not path.startswith("//") and "\\" not in path and path != SIGN_IN_PAGE:
        return path
    return "/staf"


class StaffState(rx.State):
    session_token: str = rx.Cookie("", name=SESSION_COOKIE, max_age=SESSION_HOURS * 3600, same_site="strict")
    signed_in: bool = False
    display_name: str = ""
    role: str = ""
    is_admin: bool = False
    sign_in_error: str = ""

    def _identity(self) -> StaffIdentity | None:
        with read_scope() as session:
            return identity_for(session, self.session_token)

    def _show(self, identity: StaffIdentity | None) -> None:
        self.signed_in = identity is not None
        self.display_name = identity.display_name if identity else ""
        self.role = identity.role if identity else ""
        self.is_admin = bool(identity and identity.is_admin)

    @rx.event
    def require_sign_in(self):
        """on_load of every staff page: back to the sign-in page when the session is gone."""
        identity = self._identity()
        self._show(identity)
        if identity is None:
            return rx.redirect(f"{SIGN_IN_PAGE}?next={self.router.url.path}")
        return None

    @rx.event
    async def sign_in(self, form: dict):
        lang = await current_language(self)
        client = self.router.session.client_ip or "unknown"
        try:
            with session_scope() as session:
                token = sign_in(session, str(form.get("username", "")), str(form.get("password", "")), client=client)
        except CredentialError as err:
            self.sign_in_error = translate(lang, err.code, **err.params)
            return None
        self.session_token = token
        self.sign_in_error = ""
        with read_scope() as session:
            self._show(identity_for(session, token))
        return rx.redirect(safe_next(self.router.page.params.get("next", "")))

    @rx.event
    def sign_out(self):
        with session_scope() as session:
            sign_out(session, self.session_token)
        self.session_token = ""
        self._show(None)
        return rx.redirect(SIGN_IN_PAGE)


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
