"""Support ("Saya juga") from any page: who supports (the account, else the browser), the limits, the answer.

The browser's id lives in a long-lived cookie that the server sets through this
state the first time the visitor supports something; the map endpoints read the
same cookie to mark what this browser supports. A signed-in citizen supports as
their account (what the browser did before is moved to it at sign-in: domain.claim),
so two browsers of one person never count twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ..config import get_settings
from ..db import session_scope
from ..domain.support import (
    VISITOR_COOKIE,
    SupportLimits,
    SupportRefused,
    client_hash,
    new_visitor_id,
    set_support,
    visitor_key,
)
from ..i18n import format_number, translate
from .lang import current_language

TWO_YEARS = 2 * 365 * 24 * 3600


class VisitorState(rx.State):
    visitor_id: str = rx.Cookie("", name=VISITOR_COOKIE, max_age=TWO_YEARS, same_site="lax")


async def browser_key(state: rx.State, *, create: bool = False) -> str | None:
    """This browser's key (`v:<id>`); None if it has no (valid) id yet, unless `create` gives it one."""
    visitor = await state.get_state(VisitorState)
    try:
        return visitor_key(visitor.visitor_id)
    except SupportRefused:
        if not create:
            return None
    visitor.visitor_id = new_visitor_id()
    return visitor_key(visitor.visitor_id)


async def _account_key(state: rx.State) -> str | None:
    from .citizen import current_citizen  # citizen.py builds on this module

    citizen = await current_citizen(state)
    return citizen.follower_key if citizen else None


async def known_supporter_key(state: rx.State) -> str | None:
    """Who supports and follows from here: the signed-in account, else the browser (None if it has no id)."""
    return await _account_key(state) or await browser_key(state)


async def supporter_key(state: rx.State) -> str:
    """As known_supporter_key, giving the browser an id first if it needs one."""
    return await _account_key(state) or await browser_key(state, create=True)


@dataclass(frozen=True)
class SupportReply:
    supported: bool
    count: str  # formatted for the visitor's language
    message: str
    ok: bool


async def cast_support(state: rx.State, code: object, want: object) -> SupportReply:
    """Support (`want` True) or withdraw for this visitor; a refusal comes back as a message."""
    lang = await current_language(state)
    settings = get_settings()
    if not isinstance(want, bool):
        return SupportReply(False, "", translate(lang, "support.not_found"), ok=False)
    key = await supporter_key(state)
    limits = SupportLimits(settings.support_limit_per_visitor_hour, settings.support_limit_per_ip_hour)
    client = client_hash(state.router.session.client_ip, settings.ip_hash_key)
    try:
        with session_scope() as session:
            outcome = set_support(session, code, key, want, limits=limits, client=client)
    except SupportRefused as refused:
        return SupportReply(False, "", translate(lang, refused.code, **refused.params), ok=False)
    message = translate(lang, "support.added" if outcome.supported else "support.withdrawn") if outcome.changed else ""
    return SupportReply(outcome.supported, format_number(outcome.count, lang), message, ok=True)
