"""Support ("Saya juga") from any page: the limits and the answer to show (the visitor is state.visitor)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ..config import get_settings
from ..db import session_scope
from ..domain.limits import client_hash
from ..domain.support import SupportLimits, SupportRefused, burst_rule, set_support
from ..i18n import format_number, translate
from .lang import current_language
from .visitor import supporter_key


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
    limits = SupportLimits(
        settings.support_limit_per_visitor_hour, settings.support_limit_per_ip_hour, burst_rule(settings)
    )
    client = client_hash(state.router.session.client_ip, settings.ip_hash_key)
    try:
        with session_scope() as session:
            outcome = set_support(session, code, key, want, limits=limits, client=client)
    except SupportRefused as refused:
        return SupportReply(False, "", translate(lang, refused.code, **refused.params), ok=False)
    message = translate(lang, "support.added" if outcome.supported else "support.withdrawn") if outcome.changed else ""
    return SupportReply(outcome.supported, format_number(outcome.count, lang), message, ok=True)
