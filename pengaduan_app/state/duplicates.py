"""On /lapor: open reports of the chosen category near the chosen place, to support instead of filing again.

The page asks for a refresh whenever the form's category or place changes
(components.duplicate_panel); the answer depends only on the form's values.
"""

from __future__ import annotations

import reflex as rx

from ..config import get_settings
from ..db import session_scope
from ..domain.duplicates import nearby_open_reports
from ..domain.status import public_status
from ..domain.support import supported_report_ids
from ..i18n import format_number, translate
from .lang import current_language
from .submit import SubmitState
from .support import cast_support, known_supporter_key


class DuplicateState(rx.State):
    suggestions: list[dict[str, str]] = []
    intro: str = ""
    message: str = ""

    @rx.event
    async def refresh(self):
        form = await self.get_state(SubmitState)
        settings = get_settings()
        lang = await current_language(self)
        self.intro = translate(lang, "dup.intro", radius=format_number(settings.duplicate_radius_m, lang))
        self.message = ""
        if not form.category or form.latitude is None or form.longitude is None or form.result_code:
            self.suggestions = []
            return
        key = await known_supporter_key(self)
        with session_scope() as session:
            found = nearby_open_reports(
                session, form.category, form.latitude, form.longitude, settings.duplicate_radius_m
            )
            mine = supported_report_ids(session, [n.summary.report_id for n in found], key) if key else set()
        self.suggestions = [
            {
                "code": n.summary.tracking_code,
                "title": n.summary.title,
                "status": public_status(n.summary.status).code,
                "distance": translate(lang, "dup.distance", distance=format_number(round(n.distance_m), lang)),
                "support": format_number(n.summary.support_count, lang),
                "thumb": n.summary.thumb_url,
                "supported": "1" if n.summary.report_id in mine else "",
            }
            for n in found
        ]

    @rx.event
    async def toggle_support(self, code: str):
        """The "Ini masalah saya juga" button of one suggestion: support it (pressed again: withdraw)."""
        item = next((s for s in self.suggestions if s["code"] == code), None)
        if item is None:
            return
        reply = await cast_support(self, code, item["supported"] != "1")
        self.message = reply.message
        if not reply.ok:
            return
        changed = {"supported": "1" if reply.supported else "", "support": reply.count}
        self.suggestions = [{**s, **changed} if s["code"] == code else s for s in self.suggestions]
        if reply.supported:
            self.message = translate(await current_language(self), "dup.thanks", code=code)
