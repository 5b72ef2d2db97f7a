"""Flagging a public report as inappropriate: open to every visitor, limits kept by the domain."""

from __future__ import annotations

import reflex as rx

from ..db import session_scope
from ..domain.flags import flag_report
from ..domain.moderation import ModerationError
from ..i18n import translate
from .forms import form_text
from .lang import current_language

KEPT = 50  # outcomes remembered per visitor; a crafted client cannot grow the state beyond this


class FlagState(rx.State):
    """Outcomes per tracking code, so moving to another report's page starts afresh.

    The form is rendered only while open (not a closed <details>), so no hidden field waits in the page.
    """

    sent: list[str] = []
    errors: dict[str, str] = {}
    open_for: str = ""  # the report whose flag form is open

    @rx.event
    def toggle(self, code: str):
        code = str(code)[:24]
        self.open_for = "" if self.open_for == code else code

    @rx.event
    async def submit(self, code: str, form: dict):
        code = str(code)[:24]
        lang = await current_language(self)
        try:
            with session_scope() as session:
                flag_report(
                    session,
                    code,
                    form_text(form, "reason"),
                    form_text(form, "comment"),
                    self.router.session.client_ip or "unknown",
                )
        except ModerationError as err:
            self.errors = {
                **dict(list(self.errors.items())[-(KEPT - 1) :]),
                code: translate(lang, err.code, **err.params),
            }
            return
        self.errors = {k: v for k, v in self.errors.items() if k != code}
        self.sent = [*self.sent[-(KEPT - 1) :], code]
