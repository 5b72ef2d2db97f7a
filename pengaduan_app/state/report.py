"""The public report page: loads what the public may see (and a confidential report for its own reporter),
nothing more; and "Saya juga"."""

from dataclasses import replace

import reflex as rx

from ..db import read_scope
from ..domain.confirmation import reporter_view
from ..domain.public_reports import get_public_report
from ..domain.support import has_supported
from .account import current_citizen
from .address import report_code_in_address
from .lang import current_language
from .support import cast_support
from .views import Photo, PublicReport, TimelineStep, detail_of, photos_of, timeline_of
from .visitor import known_supporter_key


class ReportState(rx.State):
    loaded: bool = False
    found: bool = False
    report: PublicReport = PublicReport()
    photos: list[Photo] = []
    timeline: list[TimelineStep] = []
    supported: bool = False
    support_message: str = ""

    @rx.event
    async def load(self):
        params = self.router.page.params
        code = report_code_in_address(self)
        reporter_key = str(params.get("kunci", ""))[:100]  # the private link's key
        lang = await current_language(self)
        key = await known_supporter_key(self)
        citizen = await current_citizen(self)
        detail = None
        supported = False
        if code:
            with read_scope() as session:
                detail = get_public_report(session, code)
                if detail is None and (reporter_key or citizen):
                    detail = reporter_view(session, code, reporter_key, citizen)
                supported = bool(detail and key and has_supported(session, detail.summary.report_id, key))
        self.found = detail is not None
        self.report = detail_of(detail, lang) if detail else PublicReport()
        self.photos = photos_of(detail, lang) if detail else []
        self.timeline = timeline_of(detail, lang) if detail else []
        self.supported = supported
        self.support_message = ""
        self.loaded = True

    @rx.event
    async def toggle_support(self):
        """Support this report, or withdraw the support when this browser already gave it."""
        if not self.found:
            return
        reply = await cast_support(self, self.report.code, not self.supported)
        self.support_message = reply.message
        if reply.ok:
            self.supported = reply.supported
            self.report = replace(self.report, support=reply.count)
