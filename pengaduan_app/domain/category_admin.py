"""Admins edit categories and their extra questions; every change is checked whole, then stored and audited.

A category is never deleted (reports point at it): deactivating hides it from new reports and from the
lists citizens choose from, while its reports keep it. Its code never changes (Open311 clients and stored
answers use it). A new deadline applies to reports filed afterwards: open reports keep the `due_at` they
were given (domain.categories).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from ..errors import FormRefused
from ..models import Category, CategoryQuestion, Report
from .accounts import StaffIdentity
from .agencies import BY_CODE as AGENCIES
from .audit import record
from .defaults import NUMBER, SINGLE_VALUE_LIST
from .permissions import require_admin
from .response_templates import CODE
from .service_attributes import DATATYPES
from .validation import FieldError, clean_text

NAME_MAX = 80
LABEL_MAX = 120
SLA_MIN, SLA_MAX = 1, 60
_NUMBER = re.compile(r"^-?[0-9]{1,6}(\.[0-9]{1,2})?$")


@dataclass(frozen=True)
class CategoryFields:
    code: str
    name_id: str
    name_en: str
    sla_days: str
    agency: str = ""
    active: bool = True


@dataclass(frozen=True)
class QuestionFields:
    code: str
    datatype: str
    label_id: str
    label_en: str
    minimum: str = ""
    maximum: str = ""
    choices: str = ""  # one per line: "key | nama | name"


@dataclass(frozen=True)
class CategoryRow:
    category: Category
    questions: list[CategoryQuestion]
    reports: int


def category_rows(session: Session, identity: StaffIdentity | None) -> list[CategoryRow]:
    """Every category, active or not, with its questions and how many reports use it."""
    require_admin(identity)
    categories = session.exec(select(Category).order_by(Category.sort_order, Category.id)).all()
    questions = session.exec(select(CategoryQuestion).order_by(CategoryQuestion.sort_order, CategoryQuestion.id))
    by_category: dict[int, list[CategoryQuestion]] = {}
    for question in questions:
        by_category.setdefault(question.category_id, []).append(question)
    counts = dict(session.exec(select(Report.category_id, func.count(Report.id)).group_by(Report.category_id)).all())
    return [CategoryRow(c, by_category.get(c.id, []), counts.get(c.id, 0)) for c in categories]


def _names(fields, errors: dict[str, FieldError], names: tuple[str, ...], limit: int) -> dict[str, str]:
    clean = {}
    for name in names:
        clean[name] = clean_text(getattr(fields, name) or "")
        if not clean[name]:
            errors[name] = FieldError("error.config_required")
        elif len(clean[name]) > limit:
            errors[name] = FieldError("error.config_too_long", {"max": limit})
    return clean


def _checked_category(session: Session, fields: CategoryFields, category: Category | None) -> dict:
    errors: dict[str, FieldError] = {}
    clean = _names(fields, errors, ("name_id", "name_en"), NAME_MAX)
    if category is None:
        code = (fields.code or "").strip().lower()
        if not CODE.match(code):
            errors["code"] = FieldError("error.config_code")
        elif session.exec(select(Category.id).where(Category.code == code)).first():
            errors["code"] = FieldError("error.config_code_taken")
        clean["code"] = code
    days = str(fields.sla_days or "").strip()
    if not days.isdigit() or not SLA_MIN <= int(days) <= SLA_MAX:
        errors["sla_days"] = FieldError("error.config_sla_days", {"min": SLA_MIN, "max": SLA_MAX})
    agency = (fields.agency or "").strip()
    if agency and agency not in AGENCIES:
        errors["agency"] = FieldError("error.agency_invalid")
    if errors:
        raise FormRefused(errors)
    return {**clean, "sla_days": int(days), "agency": agency or None, "active": bool(fields.active)}


def _category_fields(category: Category) -> dict:
    return {n: getattr(category, n) for n in ("name_id", "name_en", "sla_days", "agency", "active")}


def save_category(
    session: Session, identity: StaffIdentity | None, category_id: int | None, fields: CategoryFields
) -> Category:
    """Add (category_id None) or change a category; checked whole before anything is stored."""
    actor = require_admin(identity)
    category = _category(session, category_id) if category_id is not None else None
    clean = _checked_category(session, fields, category)
    if category is None:
        order = session.exec(select(func.coalesce(func.max(Category.sort_order), -1))).one() + 1
        category = Category(sort_order=order, **clean)
        session.add(category)
        session.flush()
        record(session, actor, "category_create", code=category.code, after=_category_fields(category))
        return category
    before = _category_fields(category)
    for name, value in clean.items():
        setattr(category, name, value)
    session.add(category)
    session.flush()
    if before != _category_fields(category):
        record(session, actor, "category_update", code=category.code, before=before, after=_category_fields(category))
    return category


def _category(session: Session, category_id: int | None) -> Category:
    category = session.get(Category, category_id) if isinstance(category_id, int) else None
    if category is None:
        raise FormRefused({"form": FieldError("error.config_unknown")})
    return category


def _bound(text: str, name: str, errors: dict[str, FieldError]) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    if not _NUMBER.match(text):
        errors[name] = FieldError("error.attribute_not_a_number")
        return None
    return float(text)


def _choices(text: str, errors: dict[str, FieldError]) -> list[dict[str, str]]:
    choices = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [clean_text(p) for p in line.split("|")]
        if len(parts) != 3 or not CODE.match(parts[0].lower()) or not all(parts) or max(map(len, parts)) > LABEL_MAX:
            errors["choices"] = FieldError("error.config_choice_line", {"line": line.strip()[:60]})
            return []
        choices.append({"key": parts[0].lower(), "name_id": parts[1], "name_en": parts[2]})
    if len(choices) < 2 or len({c["key"] for c in choices}) != len(choices):
        errors.setdefault("choices", FieldError("error.config_choices"))
    return choices


def _checked_question(session: Session, category: Category, fields: QuestionFields) -> dict:
    errors: dict[str, FieldError] = {}
    clean: dict = _names(fields, errors, ("label_id", "label_en"), LABEL_MAX)
    code = (fields.code or "").strip().lower()
    if not CODE.match(code):
        errors["code"] = FieldError("error.config_code")
    elif session.exec(
        select(CategoryQuestion.id).where(CategoryQuestion.category_id == category.id, CategoryQuestion.code == code)
    ).first():
        errors["code"] = FieldError("error.config_code_taken")
    if fields.datatype not in DATATYPES:
        errors["datatype"] = FieldError("error.config_datatype")
    minimum = maximum = None
    choices: list[dict[str, str]] = []
    if fields.datatype == NUMBER:
        minimum, maximum = _bound(fields.minimum, "minimum", errors), _bound(fields.maximum, "maximum", errors)
        if minimum is not None and maximum is not None and minimum > maximum:
            errors["maximum"] = FieldError("error.config_range")
    elif fields.datatype == SINGLE_VALUE_LIST:
        choices = _choices(fields.choices, errors)
    if errors:
        raise FormRefused(errors)
    return {
        **clean,
        "code": code,
        "datatype": fields.datatype,
        "minimum": minimum,
        "maximum": maximum,
        "choices": json.dumps(choices, ensure_ascii=False),
    }


def add_question(
    session: Session, identity: StaffIdentity | None, category_id: int, fields: QuestionFields
) -> CategoryQuestion:
    """A new extra question at the end of the category's list; asked on new reports from the next request."""
    actor = require_admin(identity)
    category = _category(session, category_id)
    clean = _checked_question(session, category, fields)
    order = session.exec(
        select(func.coalesce(func.max(CategoryQuestion.sort_order), -1)).where(
            CategoryQuestion.category_id == category.id
        )
    ).one()
    question = CategoryQuestion(category_id=category.id, sort_order=order + 1, **clean)
    session.add(question)
    session.flush()
    record(session, actor, "category_question_add", code=category.code, question=question.code, after=clean)
    return question


def remove_question(session: Session, identity: StaffIdentity | None, question_id: int) -> None:
    """No longer asked; answers already given stay on their reports (shown with the stored code)."""
    actor = require_admin(identity)
    question = session.get(CategoryQuestion, question_id) if isinstance(question_id, int) else None
    if question is None:
        raise FormRefused({"form": FieldError("error.config_unknown")})
    category = session.get(Category, question.category_id)
    before = {n: getattr(question, n) for n in ("code", "datatype", "label_id", "label_en", "choices")}
    session.delete(question)
    session.flush()
    record(session, actor, "category_question_remove", code=category.code, question=question.code, before=before)
