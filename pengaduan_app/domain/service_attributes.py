"""Extra questions a category asks (Open311 service attributes), read live from `category_question`, and
the checks on the answers.

Every answer is optional (Open311 `required` false), so a client that knows nothing of them can still file;
answers are stored as text in `report_attribute`. Admins edit the questions (domain.category_admin).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, select

from ..models import Category, CategoryQuestion
from .defaults import NUMBER, SINGLE_VALUE_LIST
from .validation import FieldError

DATATYPES = (NUMBER, SINGLE_VALUE_LIST)
_DECIMAL = re.compile(r"^-?[0-9]{1,6}(\.[0-9]{1,2})?$")


@dataclass(frozen=True)
class Choice:
    key: str
    name_id: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str
    label_id: str
    label_en: str
    description: str  # Open311's, in English
    datatype_description: str = ""
    values: tuple[Choice, ...] = ()  # for list datatypes
    minimum: float | None = None
    maximum: float | None = None

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_id


def attribute_of(row: CategoryQuestion) -> Attribute:
    return Attribute(
        code=row.code,
        datatype=row.datatype,
        label_id=row.label_id,
        label_en=row.label_en,
        description=row.description_en or row.label_en,
        datatype_description=row.hint_en,
        values=tuple(Choice(c["key"], c["name_id"], c["name_en"]) for c in json.loads(row.choices or "[]")),
        minimum=row.minimum,
        maximum=row.maximum,
    )


def attributes_for(session: Session, service_code: str) -> tuple[Attribute, ...]:
    rows = session.exec(
        select(CategoryQuestion)
        .join(Category, Category.id == CategoryQuestion.category_id)
        .where(Category.code == service_code)
        .order_by(CategoryQuestion.sort_order, CategoryQuestion.id)
    ).all()
    return tuple(attribute_of(row) for row in rows)


def answer_shown(attributes: tuple[Attribute, ...], code: str, value: str, lang: str) -> dict[str, str]:
    """An answer as an officer reads it: the question in their language, a list answer's name too (an answer to
    a question since removed shows its code and value as stored)."""
    attribute = next((a for a in attributes if a.code == code), None)
    if attribute is None:
        return {"label": code, "value": value}
    choice = next((c for c in attribute.values if c.key == value), None)
    return {"label": attribute.label(lang), "value": choice.name(lang) if choice else value}


def answer_field(code: str) -> str:
    """The form field (and its error's key) of the answer to question `code`."""
    return f"answer_{code}"


def _read(attribute: Attribute, text: str) -> tuple[str | None, FieldError | None]:
    if attribute.datatype == NUMBER:
        if not _DECIMAL.match(text):
            return None, FieldError("error.attribute_not_a_number")
        value = float(text)
        low = attribute.minimum if attribute.minimum is not None else float("-inf")
        high = attribute.maximum if attribute.maximum is not None else float("inf")
        if not low <= value <= high:
            return None, FieldError("error.attribute_out_of_range", {"min": f"{low:g}", "max": f"{high:g}"})
        return f"{value:g}", None
    keys = [choice.key for choice in attribute.values]
    if text not in keys:
        return None, FieldError("error.attribute_choice", {"choices": ", ".join(keys)})
    return text, None


def read_attributes(
    session: Session, service_code: str, answers: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, FieldError]]:
    """Checked answers by attribute code, and the problems by attribute code (unknown codes are problems too)."""
    known = {attribute.code: attribute for attribute in attributes_for(session, service_code)}
    values: dict[str, str] = {}
    errors: dict[str, FieldError] = {}
    for code, raw in answers.items():
        text = (raw or "").strip()
        attribute = known.get(code)
        if attribute is None:
            errors[code] = FieldError("error.attribute_unknown")
        elif text:
            value, error = _read(attribute, text)
            if error:
                errors[code] = error
            else:
                values[code] = value
    return values, errors
