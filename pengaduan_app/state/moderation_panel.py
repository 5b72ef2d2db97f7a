"""The moderation panel of one report (/staf/laporan/<code>): every handler calls a domain step that checks
permission itself, so a crafted call from a visitor or an officer of another area changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ..domain.flags import FLAG_REASONS, flag_for_moderation
from ..domain.handling import load_for_handling
from ..domain.moderation import (
    PHOTO_TARGET,
    STEP_TARGET,
    TEXT_TARGETS,
    hide_report,
    hide_step,
    redact_photo,
    redact_text,
    report_moderation,
    unhide_report,
)
from ..i18n import format_datetime, translate
from .address import report_code_in_address
from .confirm import Confirming
from .forms import form_text
from .lang import current_language
from .staff_auth import REFUSED, StaffPage, act, read_as_staff
from .staff_report import StaffReportState
from .views import Option

BOX_FIELDS = ("x", "y", "w", "h")
DEFAULT_BOX = {"x": "25", "y": "25", "w": "50", "h": "50"}
TARGET_KEYS = {"title": "moderation.target.title", "description": "moderation.target.description"}


@dataclass
class PhotoChoice:
    """A photo the moderator may paint over: its id (the select's value), thumbnail for the preview, label."""

    value: str = ""
    thumb: str = ""
    label: str = ""


@dataclass
class RedactionRow:
    """A redaction already made, with the link to its original (admins only)."""

    id: str = ""
    target: str = ""
    reason: str = ""
    when: str = ""
    actor: str = ""
    href: str = ""


def flag_summary(reasons: dict[str, int], lang: str) -> str:
    """`Spam ×2 · Data pribadi ×1`, most given reason first."""
    ordered = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    return " · ".join(f"{translate(lang, FLAG_REASONS.get(reason, reason))} ×{count}" for reason, count in ordered)


def target_label(target: str, lang: str) -> str:
    if target.startswith(STEP_TARGET):
        return translate(lang, "moderation.target.step", id=target[len(STEP_TARGET) :])
    if target.startswith(PHOTO_TARGET):
        return translate(lang, "moderation.target.photo", id=target[len(PHOTO_TARGET) :])
    return translate(lang, TARGET_KEYS.get(target, target))


def row_id(text: object) -> int:
    """A row id from a form value; -1 (no such row) for anything else, never an out-of-range number."""
    text = str(text)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else -1


def _percent(text: str) -> float | None:
    try:
        return float(text) / 100
    except ValueError:
        return None


class StaffModerationState(StaffPage, Confirming, rx.State):
    loaded: bool = False
    allowed: bool = False  # a moderator or admin: the tools
    may_flag: bool = False  # an officer of the report's unit: may only ask the moderators, with a reason
    hidden: bool = False
    flags: str = ""
    steps: list[Option] = []  # value: the step's id
    photos: list[PhotoChoice] = []
    redactions: list[RedactionRow] = []
    text_target: str = "title"
    new_text: str = ""
    photo_id: str = ""
    box: dict[str, str] = DEFAULT_BOX  # the form's four inputs by name (BOX_FIELDS), in percent
    # The current texts, to start an edit from; officers who may open the panel see them anyway.
    _texts: dict[str, str] = {}
    _hide_reason: str = ""  # given in the form, used once the dialog is answered

    def _code(self) -> str:
        return report_code_in_address(self)

    @rx.var
    def preview(self) -> str:
        return next((p.thumb for p in self.photos if p.value == self.photo_id), "")

    async def _reload(self):
        lang = await current_language(self)
        code = self._code()
        view = await read_as_staff(self, lambda session, identity: report_moderation(session, identity, code))
        self.loaded, self.allowed = True, view is not None
        self.may_flag = view is None and bool(
            await read_as_staff(self, lambda session, identity: load_for_handling(session, identity, code))
        )
        if view is None:
            self.hidden, self.flags, self.new_text, self._texts = False, "", "", {}
            self.steps, self.photos, self.redactions = [], [], []
            return
        self.hidden = view.hidden
        self.flags = flag_summary(view.open_flags, lang)
        self._texts = {"title": view.title, "description": view.description}
        self.new_text = self._texts[self.text_target]
        self.steps = [
            Option(
                str(s.id),
                " · ".join((format_datetime(s.at, lang), translate(lang, f"staff.action.{s.action}"), s.note[:80])),
            )
            for s in view.steps
        ]
        self.photos = [
            PhotoChoice(str(p.id), p.thumb_url, f"{translate(lang, f'report.photo_{p.kind}_short')} #{p.id}")
            for p in view.photos
        ]
        if self.photo_id not in {p.value for p in self.photos}:
            self.photo_id = self.photos[0].value if self.photos else ""
        self.redactions = [
            RedactionRow(
                id=str(r.id),
                target=target_label(r.target, lang),
                reason=r.reason,
                when=format_datetime(r.at, lang),
                actor=r.actor or "-",
                href=f"/staf/asli/{r.id}",
            )
            for r in view.redactions
        ]

    async def _run(self, step, *args):
        if await act(self, step, *args, done_key="moderation.done") is REFUSED:
            return None
        return StaffReportState.load

    @rx.event
    def set_text_target(self, value: str):
        if value in TEXT_TARGETS:
            self.text_target = value
            self.new_text = self._texts.get(value, "")

    @rx.event
    def set_new_text(self, value: str):
        self.new_text = str(value)[:4000]

    @rx.event
    def set_photo(self, value: str):
        self.photo_id = str(value)[:12]

    @rx.event
    def set_box(self, name: str, value: str):
        if name in BOX_FIELDS:
            self.box = {**self.box, name: str(value)[:8]}

    @rx.event
    async def ask_moderators(self, form: dict):
        await act(
            self,
            flag_for_moderation,
            self._code(),
            form_text(form, "flag_reason"),
            form_text(form, "reason"),
            done_key="moderation.ask_done",
        )

    @rx.event
    async def ask_hide(self, form: dict):
        """The question before hiding, naming the report by code and title (shown on this moderator's page)."""
        self._hide_reason = form_text(form, "reason")
        if self.allowed:
            title = self._texts.get("title", "")
            lang = await current_language(self)
            self._ask(translate(lang, "confirm.hide_report", code=self._code(), title=title), self._code())

    @rx.event
    async def hide(self):
        """The dialog's "Sembunyikan": hide_report checks that a moderator or admin asks; "Batalkan" follows."""
        self._answered()
        self.undo_target = self.undo_text = ""
        code, reason = self._code(), self._hide_reason
        reload = await self._run(hide_report, code, reason)
        if reload is not None:
            lang = await current_language(self)
            self._offer_undo(code, translate(lang, "confirm.report_hidden", code=code))
        return reload

    @rx.event
    async def undo_hide(self):
        """ "Batalkan" right after hiding: show the report again (unhide_report checks permission, audits it)."""
        self.undo_target = self.undo_text = ""
        reason = translate(await current_language(self), "confirm.undo_reason")
        return await self._run(unhide_report, self._code(), reason)

    @rx.event
    async def unhide(self, form: dict):
        return await self._run(unhide_report, self._code(), form_text(form, "reason"))

    @rx.event
    async def redact_text(self, form: dict):
        target, text = form_text(form, "target"), form_text(form, "text")
        return await self._run(redact_text, self._code(), target, text, form_text(form, "reason"))

    @rx.event
    async def hide_step(self, form: dict):
        return await self._run(hide_step, row_id(form_text(form, "step")), form_text(form, "reason"))

    @rx.event
    async def redact_photo(self, form: dict):
        box = [_percent(form_text(form, name)) for name in BOX_FIELDS]
        return await self._run(redact_photo, row_id(form_text(form, "photo")), box, form_text(form, "reason"))
