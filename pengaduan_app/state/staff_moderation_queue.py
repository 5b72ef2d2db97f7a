"""The moderation list at /staf/moderasi: flagged and hidden reports in the officer's scope."""

from __future__ import annotations

import reflex as rx

from ..domain.moderation import dismiss_flags, hide_report, moderation_queue
from ..domain.status import public_status
from ..i18n import format_datetime, translate
from .lang import current_language
from .moderation_panel import flag_summary
from .staff_auth import StaffPage, act, read_as_staff


class ModerationQueueState(StaffPage, rx.State):
    loaded: bool = False
    items: list[dict[str, str]] = []
    reasons: dict[str, str] = {}  # what the officer typed for each report

    async def _reload(self):
        lang = await current_language(self)
        queue = await read_as_staff(self, moderation_queue) or []
        self.loaded = True
        self.items = [
            {
                "code": item.tracking_code,
                "title": item.title,
                "status": translate(lang, f"staff.status.{item.status}"),
                "public_status": public_status(item.status).code,
                "hidden": "1" if item.hidden else "",
                "flags": str(item.flag_count) if item.flag_count else "",
                "reasons": flag_summary(item.reasons, lang),
                "comments": "\n".join(item.comments),
                "last": format_datetime(item.last_flagged, lang) if item.last_flagged else "",
            }
            for item in queue
        ]

    async def _run(self, step, *args, done_key: str):
        await act(self, step, *args, done_key=done_key)

    @rx.event
    def set_reason(self, code: str, value: str):
        if any(item["code"] == code for item in self.items):  # nothing else grows this state
            self.reasons = {**self.reasons, code: str(value)[:400]}

    @rx.event
    async def hide(self, code: str):
        code = str(code)[:24]
        await self._run(hide_report, code, self.reasons.get(code, ""), done_key="moderation.hidden_done")
        if not self.error:
            self.reasons = {k: v for k, v in self.reasons.items() if k != code}

    @rx.event
    async def dismiss(self, code: str):
        await self._run(dismiss_flags, str(code), done_key="moderation.dismissed_done")
