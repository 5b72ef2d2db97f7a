"""Citizen accounts (optional) and the account page /akun: my reports, followed reports, notifications."""

from __future__ import annotations

import reflex as rx

from ..db import read_scope, session_scope
from ..domain.citizens import (
    SESSION_DAYS,
    CitizenIdentity,
    citizen_for,
    my_reports,
    register,
    sign_in_citizen,
    sign_out_citizen,
)
from ..domain.credentials import CredentialError
from ..domain.following import followed_reports, mark_all_read, notifications_for
from ..i18n import format_age, translate
from .lang import current_language
from .views import card_of
from .visitor import known_supporter_key


class CitizenState(rx.State):
    session_token: str = rx.Cookie("", name="pengaduan_warga", max_age=SESSION_DAYS * 24 * 3600, same_site="lax")
    signed_in: bool = False
    display_name: str = ""
    error: str = ""
    mine: list[dict[str, str]] = []
    followed: list[dict[str, str]] = []
    notifications: list[dict[str, str]] = []
    unread: int = 0

    def _citizen(self) -> CitizenIdentity | None:
        with read_scope() as session:
            return citizen_for(session, self.session_token)

    @rx.event
    async def load(self):
        citizen = self._citizen()
        self.signed_in = citizen is not None
        self.display_name = citizen.display_name if citizen else ""
        await self._refresh(citizen)

    async def _refresh(self, citizen: CitizenIdentity | None):
        lang = await current_language(self)
        keys = await follower_keys(self)
        with read_scope() as session:
            mine = my_reports(session, citizen) if citizen else []
            followed = followed_reports(session, keys)
            notes = notifications_for(session, keys)
        self.mine = [card_of(s, lang) for s in mine]
        self.followed = [card_of(s, lang) for s in followed]
        self.notifications = [
            {
                "code": n.tracking_code,
                "title": n.title,
                "what": translate(lang, f"staff.action.{n.action}"),
                "status": translate(lang, f"staff.status.{n.to_status}"),
                "note": n.note,
                "age": format_age(n.created_at, lang),
                "unread": "" if n.read else "1",
            }
            for n in notes
        ]
        self.unread = sum(1 for n in notes if not n.read)

    async def _enter(self, action, form: dict):
        lang = await current_language(self)
        login, password = str(form.get("login", ""))[:120], str(form.get("password", ""))[:200]
        client = self.router.session.client_ip or "unknown"
        try:
            with session_scope() as session:
                if action == "register":
                    register(session, login=login, password=password, display_name=str(form.get("name", "")))
                token = sign_in_citizen(session, login, password, client=client)
        except CredentialError as err:
            self.error = translate(lang, err.code, **err.params)
            return
        self.session_token, self.error = token, ""
        await self.load()

    @rx.event
    async def sign_in(self, form: dict):
        await self._enter("sign_in", form)

    @rx.event
    async def register(self, form: dict):
        await self._enter("register", form)

    @rx.event
    async def sign_out(self):
        with session_scope() as session:
            sign_out_citizen(session, self.session_token)
        self.session_token = ""
        await self.load()

    @rx.event
    async def mark_read(self):
        with session_scope() as session:
            mark_all_read(session, await follower_keys(self))
        await self._refresh(self._citizen())


async def follower_keys(state: rx.State) -> list[str]:
    """Who this browser follows as: the signed-in account and/or the browser's own id."""
    citizen = (await state.get_state(CitizenState))._citizen()
    keys = [citizen.follower_key] if citizen else []
    visitor = await known_supporter_key(state)
    return [*keys, visitor] if visitor else keys


async def current_citizen(state: rx.State) -> CitizenIdentity | None:
    return (await state.get_state(CitizenState))._citizen()
