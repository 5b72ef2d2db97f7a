"""Citizen accounts (optional) and the account page /akun: my reports, followed reports, notifications.

Signing in hands the browser's reports, follows and supports to the account in the
same transaction (domain.citizens). Registering does not sign in: its answer is the same
whether or not the login already had an account, so it tells a stranger nothing.
Opening /akun marks the notifications read (they stay highlighted on that visit); the
header's bell (BellState) counts the unread ones on every public page. The e-mail
verification link (api/email_link.py) comes back here with `?verifikasi=<result>`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx

from ..config import get_settings
from ..db import read_scope, session_scope
from ..domain.citizens import (
    CITIZEN_COOKIE,
    EXPIRED,
    SESSION_DAYS,
    UNKNOWN,
    USED,
    VERIFIED,
    CitizenIdentity,
    VerificationError,
    citizen_for,
    claim_browser,
    my_reports,
    register,
    resend_link,
    sign_in_citizen,
    sign_out_citizen,
)
from ..domain.credentials import CredentialError
from ..domain.limits import client_hash
from ..domain.notifications import followed_reports, mark_all_read, notifications_for, unread_count
from ..domain.status import public_note, public_status, public_step
from ..i18n import format_age, translate
from .lang import current_language
from .views import ReportCard, card_of
from .visitor import browser_key

# What following a verification link came to: (message key, whether it is a problem).
_LINK_RESULTS = {
    VERIFIED: ("account.verify_ok", False),
    USED: ("account.verify_used", False),
    EXPIRED: ("account.verify_expired", True),
    UNKNOWN: ("account.verify_unknown", True),
}


def _contact_words(citizen: CitizenIdentity) -> tuple[str, dict[str, str]]:
    """The account page's words on whether e-mails reach the account; a phone number is never called verified."""
    if not citizen.email:
        return "account.phone_unverified", {}
    return ("account.email_verified" if citizen.email_verified else "account.email_unverified_why"), {
        "email": citizen.email
    }


@dataclass
class Notification:
    """An update of a followed report, in words; `unread` until the account page has shown it once."""

    code: str = ""
    title: str = ""
    what: str = ""
    status: str = ""  # the public status, in words
    note: str = ""
    age: str = ""
    unread: bool = False


class CitizenState(rx.State):
    session_token: str = rx.Cookie("", name=CITIZEN_COOKIE, max_age=SESSION_DAYS * 24 * 3600, same_site="lax")
    signed_in: bool = False
    display_name: str = ""
    email_unverified: bool = False  # an e-mail account whose address is not verified yet ("Kirim ulang")
    contact_status: str = ""  # whether e-mails reach this account, in words
    error: str = ""
    notice: str = ""
    mine: list[ReportCard] = []
    followed: list[ReportCard] = []
    notifications: list[Notification] = []
    unread: int = 0

    def _citizen(self) -> CitizenIdentity | None:
        with read_scope() as session:
            return citizen_for(session, self.session_token)

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        key, problem = _LINK_RESULTS.get(str(self.router.page.params.get("verifikasi", "")), ("", False))
        if key:
            text = translate(await current_language(self), key)
            self.error, self.notice = (text, "") if problem else ("", text)
        citizen = self._citizen()
        self.signed_in = citizen is not None
        self.display_name = citizen.display_name if citizen else ""
        self.email_unverified = bool(citizen and citizen.email and not citizen.email_verified)
        self.contact_status = ""
        if citizen:
            key, params = _contact_words(citizen)
            self.contact_status = translate(await current_language(self), key, **params)
        await self._refresh(citizen)
        if self.unread:
            # Seen now: read from here on (this visit still highlights them).
            with session_scope() as session:
                mark_all_read(session, await follower_keys(self))
            (await self.get_state(BellState)).count = 0

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
            Notification(
                code=n.tracking_code,
                title=n.title,
                what=public_step(lang, n.action, n.note, duplicate=n.duplicate),
                status=translate(lang, f"status.{public_status(n.to_status).code}"),
                note=public_note(n.action, n.note),
                age=format_age(n.created_at, lang),
                unread=not n.read,
            )
            for n in notes
        ]
        self.unread = sum(1 for n in notes if not n.read)

    async def _entry(self, form: dict) -> tuple[str, str, str, str]:
        """(lang, login, password, client address) of a sign-in or registration form."""
        login, password = str(form.get("login", ""))[:120], str(form.get("password", ""))[:200]
        return await current_language(self), login, password, self.router.session.client_ip or "unknown"

    @rx.event
    async def sign_in(self, form: dict):
        lang, login, password, client = await self._entry(form)
        browser = await browser_key(self)

        def enter() -> str:  # Argon2 hashing: in a thread, never on the event loop
            with session_scope() as session:
                token = sign_in_citizen(session, login, password, client=client)
                citizen = citizen_for(session, token)
                if browser and citizen:  # the reports, follows and supports of this browser become the account's
                    claim_browser(
                        session,
                        account_key=citizen.follower_key,
                        browser_key=browser,
                        submitter_hash=client_hash(browser, get_settings().ip_hash_key),
                        citizen_id=citizen.id,
                    )
                return token

        try:
            token = await asyncio.to_thread(enter)
        except CredentialError as err:
            self.error, self.notice = translate(lang, err.code, **err.params), ""
            return
        self.session_token = token
        await self.load()

    @rx.event
    async def register(self, form: dict):
        """The same answer for a new login and a taken one (the owner of a taken e-mail is told by e-mail)."""
        lang, login, password, client = await self._entry(form)
        name = str(form.get("name", ""))[:80]

        def sign_up() -> None:  # Argon2 hashing: in a thread, never on the event loop
            with session_scope() as session:
                register(session, login=login, password=password, display_name=name, client=client)

        try:
            await asyncio.to_thread(sign_up)
        except CredentialError as err:
            self.error, self.notice = translate(lang, err.code, **err.params), ""
            return
        self.error = ""
        self.notice = translate(lang, "account.registered_email" if "@" in login else "account.registered_phone")

    @rx.event
    async def resend_verification(self):
        """A new verification link for the signed-in account (a few per hour: citizens.send_link)."""
        lang = await current_language(self)
        citizen = self._citizen()
        if citizen is None:
            return
        try:
            with session_scope() as session:
                resend_link(session, citizen.id)
        except VerificationError as err:
            self.error, self.notice = translate(lang, err.code, **err.params), ""
            return
        self.error, self.notice = "", translate(lang, "account.resent")

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
    visitor = await browser_key(state)
    return [*keys, visitor] if visitor else keys


class BellState(rx.State):
    """The header's bell: how many updates of followed reports this browser (or account) has not seen."""

    count: int = 0


async def count_unread(state: rx.State) -> None:
    """The bell's count read afresh, from the event `state` is handling (every public page's opening:
    state.page_load)."""
    keys = await follower_keys(state)
    with read_scope() as session:
        (await state.get_state(BellState)).count = unread_count(session, keys) if keys else 0


async def current_citizen(state: rx.State) -> CitizenIdentity | None:
    return (await state.get_state(CitizenState))._citizen()
