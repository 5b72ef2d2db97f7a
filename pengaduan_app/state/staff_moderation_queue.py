"""The moderation list at /staf/moderasi: flagged and hidden reports in the officer's scope, and support bursts.
Hiding a report asks first, naming it, and can be taken back at once ("Batalkan"), as on the report's own page."""

from __future__ import annotations

import dataclasses
import math

import reflex as rx

from ..domain.moderation import dismiss_flags, hide_report, moderation_queue, required_reason, unhide_report
from ..domain.status import public_status
from ..domain.support import burst_list, discount_burst, keep_burst, undo_discount
from ..errors import Refused
from ..i18n import format_datetime, format_number, format_span, translate
from .confirm import Confirming
from .lang import current_language
from .moderation_panel import flag_summary
from .staff_auth import REFUSED, StaffPage, act, read_as_staff


@dataclasses.dataclass
class ModerationItem:
    """A flagged or hidden report in the moderation list; `flags` is the formatted count ("" when none)."""

    code: str = ""
    title: str = ""
    status: str = ""
    public_status: str = ""
    hidden: bool = False
    flags: str = ""
    reasons: str = ""
    comments: str = ""
    last: str = ""


@dataclasses.dataclass
class BurstRow:
    """A support burst to decide: the report, how many supports in how long; never the address."""

    id: str = ""
    code: str = ""
    title: str = ""
    hidden: bool = False
    discounted: bool = False
    supports: str = ""
    summary: str = ""
    window: str = ""


class ModerationQueueState(StaffPage, Confirming, rx.State):
    loaded: bool = False
    items: list[ModerationItem] = []
    reasons: dict[str, str] = {}  # what the officer typed, by report code
    bursts: list[BurstRow] = []

    async def _reload(self):
        lang = await current_language(self)
        queue = await read_as_staff(self, moderation_queue) or []
        self.loaded = True
        self.items = [
            ModerationItem(
                code=item.tracking_code,
                title=item.title,
                status=translate(lang, f"staff.status.{item.status}"),
                public_status=public_status(item.status).code,
                hidden=item.hidden,
                flags=format_number(item.flag_count, lang) if item.flag_count else "",
                reasons=flag_summary(item.reasons, lang),
                comments="\n".join(item.comments),
                last=format_datetime(item.last_flagged, lang) if item.last_flagged else "",
            )
            for item in queue
        ]
        self.bursts = [
            BurstRow(
                id=str(burst.id),
                code=burst.tracking_code,
                title=burst.title,
                hidden=burst.hidden,
                discounted=burst.status == "discounted",
                supports=format_number(burst.supports, lang),
                summary=translate(
                    lang, "burst.summary", supports=format_number(burst.supports, lang), minutes=_minutes(burst)
                ),
                window=format_span(burst.first_at, burst.last_at, lang),
            )
            for burst in await read_as_staff(self, burst_list) or []
        ]

    async def _run(self, step, *args, done_key: str):
        return await act(self, step, *args, done_key=done_key)

    @rx.event
    def set_reason(self, code: str, value: str):
        if any(item.code == code for item in self.items):  # nothing else grows this state
            self.reasons = {**self.reasons, code: str(value)[:400]}

    @rx.event
    async def ask_hide(self, code: str):
        """The question before hiding, naming the report by code and title (one this moderator's list shows);
        a missing reason is said at once rather than after the answer."""
        item = next((i for i in self.items if i.code == str(code) and not i.hidden), None)
        if item is None:
            return
        lang = await current_language(self)
        try:
            required_reason(self.reasons.get(item.code, ""))
        except Refused as refusal:
            self.message, self.error = "", translate(lang, refusal.code, **refusal.params)
            return
        self.error = ""
        self._ask(translate(lang, "confirm.hide_report", code=item.code, title=item.title), item.code)

    @rx.event
    async def hide(self, code: str):
        """The dialog's "Sembunyikan": hide_report checks that a moderator or admin of the report asks (a crafted
        call meets the same check); "Batalkan" follows."""
        self._answered()
        self.undo_target = self.undo_text = ""
        code = str(code)[:24]
        done = await self._run(hide_report, code, self.reasons.get(code, ""), done_key="moderation.hidden_done")
        if done is not REFUSED:
            self.reasons = {k: v for k, v in self.reasons.items() if k != code}
            self._offer_undo(code, translate(await current_language(self), "confirm.report_hidden", code=code))

    @rx.event
    async def undo_hide(self, code: str):
        """ "Batalkan" right after hiding: show the report again (unhide_report checks permission, audits it)."""
        self.undo_target = self.undo_text = ""
        reason = translate(await current_language(self), "confirm.undo_reason")
        await self._run(unhide_report, str(code)[:24], reason, done_key="moderation.unhidden_done")

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
