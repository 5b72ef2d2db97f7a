"""Admins manage response templates at /staf/templat; officers' reply forms read them live."""

from __future__ import annotations

import dataclasses

import reflex as rx

from ..domain.categories import TemplateFields, all_templates, save_template
from .config_forms import as_id, save_form
from .lang import current_language
from .staff_auth import StaffPage, read_as_staff


@dataclasses.dataclass
class TemplateRow:
    """A response template as listed (title and text in the reader's language) and as the form edits it."""

    id: str = ""
    code: str = ""
    title: str = ""
    text: str = ""
    title_id: str = ""
    title_en: str = ""
    text_id: str = ""
    text_en: str = ""
    active: bool = True


class TemplatesState(StaffPage, rx.State):
    allowed: bool = False
    templates: list[TemplateRow] = []
    editing: TemplateRow = TemplateRow()
    field_errors: dict[str, str] = {}
    form_round: int = 0  # the form's key: a new value starts it afresh with `editing`

    async def _reload(self):
        lang = await current_language(self)
        rows = await read_as_staff(self, all_templates)
        self.allowed = rows is not None
        self.templates = [
            TemplateRow(
                id=str(t.id),
                code=t.code,
                title=t.title_en if lang == "en" else t.title_id,
                text=t.text_en if lang == "en" else t.text_id,
                title_id=t.title_id,
                title_en=t.title_en,
                text_id=t.text_id,
                text_en=t.text_en,
                active=t.active,
            )
            for t in rows or []
        ]

    @rx.event
    def edit(self, template_id: str):
        """Fill the form with a listed template (the list is there only for admins), and bring it into view."""
        row = next((t for t in self.templates if t.id == str(template_id)), None)
        self.editing = dataclasses.replace(row) if row else TemplateRow()
        self.field_errors = {}
        self.form_round += 1
        return rx.scroll_to("template-form")

    @rx.event
    def new_template(self):
        self.editing, self.field_errors = TemplateRow(), {}
        self.form_round += 1

    @rx.event
    async def save(self, form: dict):
        fields = TemplateFields(
            code=str(form.get("code", self.editing.code)),
            title_id=str(form.get("title_id", "")),
            title_en=str(form.get("title_en", "")),
            text_id=str(form.get("text_id", "")),
            text_en=str(form.get("text_en", "")),
            active=bool(form.get("active")),
        )
        template_id = as_id(form.get("id", ""))
        if await save_form(self, save_template, template_id, fields, done_key="config.saved"):
            self.editing = TemplateRow()
            self.form_round += 1
