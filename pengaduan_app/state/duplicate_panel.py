"""On /lapor: open reports of the chosen category near the chosen place, to support (and follow) instead.

The form's state (state.submit) asks for them whenever its category or place changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import reflex as rx

from ..config import get_settings
from ..db import read_scope, session_scope
from ..domain.duplicates import nearby_open_reports
from ..domain.notifications import FollowError, follow
from ..domain.status import public_status
from ..domain.support import supported_report_ids
from ..i18n import format_number, translate
from .lang import current_language
from .support import cast_support
from .visitor import known_supporter_key


@dataclass
class Suggestion:
    """An open report near the new one, of its category: support it instead of filing the same again."""

    code: str = ""
    title: str = ""
    status: str = ""  # the public status code
    distance: str = ""  # in words
    support: str = ""  # formatted for the reader's language
    supported: bool = False  # by this browser


class DuplicateState(rx.State):
    suggestions: list[Suggestion] = []
    intro: str = ""
    message: str = ""

    async def show_for(self, category: str, lat: float | None, lng: float | None) -> None:
        """The suggestions for the form's category and place (none until both are chosen)."""
        settings = get_settings()
        lang = await current_language(self)
        self.intro = translate(lang, "dup.intro", radius=format_number(settings.duplicate_radius_m, lang))
        self.message = ""
        if not category or lat is None or lng is None:
            self.suggestions = []
            return
        key = await known_supporter_key(self)
        with read_scope() as session:
            found = nearby_open_reports(session, category, lat, lng, settings.duplicate_radius_m)
            mine = supported_report_ids(session, [n.summary.report_id for n in found], key) if key else set()
        self.suggestions = [
            Suggestion(
                code=n.summary.tracking_code,
                title=n.summary.title,
                status=public_status(n.summary.status).code,
                distance=translate(lang, "dup.distance", distance=format_number(round(n.distance_m), lang)),
                support=format_number(n.summary.support_count, lang),
                supported=n.summary.report_id in mine,
            )
            for n in found
        ]

    @rx.event
    async def toggle_support(self, code: str):
        """The "Ini masalah saya juga" button of one suggestion: support it (pressed again: withdraw)."""
        item = next((s for s in self.suggestions if s.code == code), None)
        if item is None:
            return
        reply = await cast_support(self, code, not item.supported)
        self.message = reply.message
        if not reply.ok:
            return
        self.suggestions = [
            replace(s, supported=reply.supported, support=reply.count) if s.code == code else s
            for s in self.suggestions
        ]
        if reply.supported:
            await self._follow(code)
            self.message = translate(await current_language(self), "dup.thanks", code=code)

    async def _follow(self, code: str) -> None:
        """Supporting instead of filing also follows the report, so its updates reach this browser."""
        try:
            with session_scope() as session:
                follow(session, code, await known_supporter_key(self))
        except FollowError:
            pass  # hidden since the support: nothing to follow
