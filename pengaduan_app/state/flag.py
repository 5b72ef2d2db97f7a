"""Flagging a public report as inappropriate: open to every visitor, limits kept by the domain."""

from __future__ import annotations

import reflex as rx

from ..db import session_scope
from ..domain.moderation import ModerationError, flag_report
from ..i18n import translate
from .lang import current_language


class FlagState(rx.State):
    """Outcomes per tracking code, so moving to another report's page starts afresh."""

    sent: list[str] = []
    errors: dict[str, str] = {}

    @rx.event
    async def submit(self, code: str, form: dict):
        code = str(code)[:24]
        lang = await current_language(self)
        try:
            with session_scope() as session:
                flag_report(
                    session,
                    code,
                    str(form.get("reason", "")),
                    str(form.get("comment", "")),
                    self.router.session.client_ip or "unknown",
                )
        except ModerationError as err:
            self.errors = {**self.errors, code: translate(lang, err.code, **err.params)}
            return
        self.errors = {k: v for k, v in self.errors.items() if k != code}
        self.sent = [*self.sent[-49:], code]
