"""The public report page: loads what the public may see, nothing more."""

import reflex as rx

from ..db import session_scope
from ..domain.public_reports import get_public_report
from ..domain.tracking import is_tracking_code
from .lang import current_language
from .views import detail_of, photos_of, timeline_of


class ReportState(rx.State):
    loaded: bool = False
    found: bool = False
    report: dict[str, str] = {}
    photos: list[dict[str, str]] = []
    timeline: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        code = str(self.router.page.params.get("code", "")).strip().upper()
        lang = await current_language(self)
        detail = None
        if is_tracking_code(code):
            with session_scope() as session:
                detail = get_public_report(session, code)
        self.found = detail is not None
        self.report = detail_of(detail, lang) if detail else {}
        self.photos = photos_of(detail, lang) if detail else []
        self.timeline = timeline_of(detail, lang) if detail else []
        self.loaded = True
