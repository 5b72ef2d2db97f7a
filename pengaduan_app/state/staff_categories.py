"""Admins edit categories and their extra questions at /staf/kategori; every consumer reads them live."""

from __future__ import annotations

import dataclasses
import json

import reflex as rx

from ..domain import categories
from ..domain.areas import AGENCIES, agency_name
from ..domain.categories import CategoryFields, QuestionFields, category_rows
from ..i18n import format_number, translate
from .config_forms import as_id, save_form
from .lang import current_language
from .staff_auth import StaffPage, act, read_as_staff
from .views import Option


@dataclasses.dataclass
class CategoryRow:
    """A category as listed (name and unit in the reader's language, counts) and as the form edits it."""

    id: str = ""
    code: str = ""
    name: str = ""
    name_id: str = ""
    name_en: str = ""
    sla_days: str = "5"
    agency: str = ""
    unit: str = ""
    active: bool = True
    questions: str = ""
    reports: str = ""


@dataclasses.dataclass
class QuestionRow:
    """One extra question of the category being edited: its label, kind and range or choices."""

    id: str = ""
    code: str = ""
    label: str = ""
    kind: str = ""
    detail: str = ""


def _question_view(question, lang: str) -> QuestionRow:
    choices = json.loads(question.choices or "[]")
    if choices:
        detail = ", ".join(c["name_en"] if lang == "en" else c["name_id"] for c in choices)
    else:
        low = "" if question.minimum is None else f"{question.minimum:g}"
        high = "" if question.maximum is None else f"{question.maximum:g}"
        detail = f"{low} – {high}" if low or high else ""
    return QuestionRow(
        id=str(question.id),
        code=question.code,
        label=question.label_en if lang == "en" else question.label_id,
        kind=translate(lang, f"config.datatype.{question.datatype}"),
        detail=detail,
    )


class CategoriesState(StaffPage, rx.State):
    allowed: bool = False
    categories: list[CategoryRow] = []
    editing: CategoryRow = CategoryRow()
    questions: list[QuestionRow] = []  # of the category being edited
    field_errors: dict[str, str] = {}
    form_round: int = 0  # the forms' key: a new value starts them afresh
    agency_choices: list[Option] = [Option(a.code, a.name_id) for a in AGENCIES]
    _questions: dict[str, list[QuestionRow]] = {}  # by category id

    async def _reload(self):
        lang = await current_language(self)
        rows = await read_as_staff(self, category_rows)
        self.allowed = rows is not None
        self.agency_choices = [Option(a.code, a.name(lang)) for a in AGENCIES]
        self.categories = [
            CategoryRow(
                id=str(r.category.id),
                code=r.category.code,
                name=r.category.name_en if lang == "en" else r.category.name_id,
                name_id=r.category.name_id,
                name_en=r.category.name_en,
                sla_days=str(r.category.sla_days),
                agency=r.category.agency or "",
                unit=agency_name(r.category.agency, lang) or translate(lang, "config.unit_area"),
                active=r.category.active,
                questions=format_number(len(r.questions), lang),
                reports=format_number(r.reports, lang),
            )
            for r in rows or []
        ]
        self._questions = {str(r.category.id): [_question_view(q, lang) for q in r.questions] for r in rows or []}
        self.questions = self._questions.get(self.editing.id, [])

    @rx.event
    def edit(self, category_id: str):
        """Fill the form with a listed category (the list is there only for admins), and bring it into view."""
        self._edit(category_id)
        return rx.scroll_to("category-form")

    def _edit(self, category_id: str) -> None:
        row = next((c for c in self.categories if c.id == str(category_id)), None)
        self.editing = dataclasses.replace(row) if row else CategoryRow()
        self.questions = self._questions.get(self.editing.id, [])
        self.field_errors = {}
        self.form_round += 1

    @rx.event
    def new_category(self):
        self.editing, self.questions, self.field_errors = CategoryRow(), [], {}
        self.form_round += 1

    @rx.event
    async def save(self, form: dict):
        fields = CategoryFields(
            code=str(form.get("code", "")),
            name_id=str(form.get("name_id", "")),
            name_en=str(form.get("name_en", "")),
            sla_days=str(form.get("sla_days", "")),
            agency=str(form.get("agency", "")),
            active=bool(form.get("active")),
        )
        category_id = as_id(form.get("id", ""))
        if await save_form(self, categories.save_category, category_id, fields, done_key="config.saved"):
            code = self.editing.code or fields.code.strip().lower()
            self._edit(next((c.id for c in self.categories if c.code == code), ""))

    @rx.event
    async def add_question(self, form: dict):
        fields = QuestionFields(
            code=str(form.get("q_code", "")),
            datatype=str(form.get("q_datatype", "")),
            label_id=str(form.get("q_label_id", "")),
            label_en=str(form.get("q_label_en", "")),
            minimum=str(form.get("q_minimum", "")),
            maximum=str(form.get("q_maximum", "")),
            choices=str(form.get("q_choices", "")),
        )
        category_id = as_id(form.get("category_id", ""))
        step = categories.add_question
        if await save_form(self, step, category_id, fields, done_key="config.question_added", prefix="q_"):
            self.questions = self._questions.get(self.editing.id, [])
            self.form_round += 1

    @rx.event
    async def remove_question(self, question_id: str):
        await act(self, categories.remove_question, as_id(question_id), done_key="config.question_removed")
        self.questions = self._questions.get(self.editing.id, [])
