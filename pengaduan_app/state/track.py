"""Opening a report by tracking code at /lacak.

A code the public may open goes to its page. Any other code, whether unknown, confidential or hidden by a
moderator, gets one and the same answer on this page: there is no public report with this code, check it, and a
confidential report opens only through the private link on its receipt (its QR code) or in the message sent at
reporting. The answer is the same for all three on purpose: telling "this code exists but is confidential"
would let anyone who tries codes count the confidential reports of a month and learn when each came in (the
codes are random, migration 0008, but a six-digit space per month can be walked). The citizen who holds such a
code learns what to do, and the answer says nothing about any report.
"""

import reflex as rx

from ..db import read_scope
from ..domain.public_reports import public_report_id
from ..domain.submission import is_tracking_code
from ..i18n import translate
from .lang import current_language


class TrackState(rx.State):
    errors: dict[str, str] = {}
    not_open: str = ""  # the answer for a code without a public report (see the module's docstring)

    @rx.event
    async def open_report(self, form: dict):
        code = str(form.get("code", "")).strip().upper()[:24]
        lang = await current_language(self)
        self.not_open = ""
        if not is_tracking_code(code):
            self.errors = {"code": translate(lang, "error.code_invalid")}
            return None
        self.errors = {}
        with read_scope() as session:
            public = public_report_id(session, code) is not None
        if not public:
            self.not_open = translate(lang, "track.not_open", code=code)
            return None
        return rx.redirect(f"/laporan/{code}")
