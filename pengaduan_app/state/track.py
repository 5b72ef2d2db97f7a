"""Opening a report by tracking code."""

import reflex as rx

from ..domain.tracking import is_tracking_code
from ..i18n import translate
from .lang import current_language


class TrackState(rx.State):
    errors: dict[str, str] = {}

    @rx.event
    async def open_report(self, form: dict):
        code = str(form.get("code", "")).strip().upper()
        if not is_tracking_code(code):
            self.errors = {"code": translate(await current_language(self), "error.code_invalid")}
            return None
        self.errors = {}
        return rx.redirect(f"/laporan/{code}")
