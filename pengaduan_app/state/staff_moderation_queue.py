"""The moderation list at /staf/moderasi: flagged and hidden reports in the officer's scope, and support bursts."""

from __future__ import annotations

import math

import reflex as rx

from ..domain.burst_moderation import burst_list, discount_burst, keep_burst, undo_discount
from ..domain.moderation import dismiss_flags, hide_report, moderation_queue
from ..domain.status import public_status
from ..i18n import format_datetime, format_number, format_span, translate
from .lang import current_language
from .moderation_panel import flag_summary
from .staff_auth import StaffPage, act, read_as_staff


class ModerationQueueState(StaffPage, rx.State):
    loaded: bool = False
    items: list[dict[str, str]] = []
    reasons: dict[str, str] = {}  # what the officer typed for each report
    bursts: list[dict[str, str]] = []

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
        self.bursts = [
            {
                "id": str(burst.id),
                "code": burst.tracking_code,
                "title": burst.title,
                "hidden": "1" if burst.hidden else "",
                "discounted": "1" if burst.status == "discounted" else "",
                "supports": format_number(burst.supports, lang),
                "summary": translate(
                    lang, "burst.summary", supports=format_number(burst.supports, lang), minutes=_minutes(burst)
                ),
                "window": format_span(burst.first_at, burst.last_at, lang),
            }
            for burst in await read_as_staff(self, burst_list) or []
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

    @rx.event
    async def discount(self, burst_id: str):
        await self._run(discount_burst, _number(burst_id), done_key="burst.discounted_done")

    @rx.event
    async def keep(self, burst_id: str):
        await self._run(keep_burst, _number(burst_id), done_key="burst.kept_done")

    @rx.event
    async def undo_discount(self, burst_id: str):
        await self._run(undo_discount, _number(burst_id), done_key="burst.undone_done")


def _number(value: object) -> int | None:
    """A burst id from the page (a string of digits); anything else is None, which the domain refuses."""
    text = str(value)[:10]
    return int(text) if text.isascii() and text.isdigit() else None


def _minutes(burst) -> int:
    """The burst's span in whole minutes, at least one."""
    return max(1, math.ceil((burst.last_at - burst.first_at).total_seconds() / 60))
