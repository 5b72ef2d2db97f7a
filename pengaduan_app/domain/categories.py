"""Report categories, their extra questions and the response templates, as every consumer reads them (live from
the database, no per-process copy) and as admins edit them (checked whole, then stored and audited).

Nothing here is cached: each request reads the rows again (a few dozen, by primary key order), and a change is
seen by the next request on every worker at once (a template on the next reply form). The deadline (`sla_days`)
is copied into each report's `due_at` when it is filed: a new deadline applies to new reports, not to those
already open.

A category is never deleted (reports point at it): deactivating hides it from new reports and from the
lists citizens choose from, while its reports keep it. Its code never changes (Open311 clients and stored
answers use it).

Extra questions are Open311 service attributes, read from `category_question`. Every answer is optional
(Open311 `required` false), so a client that knows nothing of them can still file; answers are stored as text in
`report_attribute`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from ..errors import FormRefused
from ..models import Category, CategoryQuestion, Report, ResponseTemplate
from .accounts import StaffIdentity
from .areas import BY_CODE as AGENCIES
from .audit import record
from .defaults import DEFAULT_CATEGORIES, DEFAULT_QUESTIONS, DEFAULT_TEMPLATES, NUMBER, SINGLE_VALUE_LIST
from .permissions import require_admin
from .validation import FieldError, clean_text


# Categories as every consumer reads them.
def ensure_categories(session: Session) -> int:
    """Insert the default categories that are missing, with their default questions; returns how many."""
    existing = set(session.exec(select(Category.code)).all())
    added = [seed for seed in DEFAULT_CATEGORIES if seed.code not in existing]
    for seed in added:
        session.add(Category(sort_order=DEFAULT_CATEGORIES.index(seed), **seed.__dict__))
    session.flush()
    ensure_questions(session, {seed.code for seed in added})
    return len(added)


def ensure_questions(session: Session, category_codes: set[str]) -> None:
    """The default extra questions of these categories, where the category has no question of that code."""
    ids = dict(session.exec(select(Category.code, Category.id).where(Category.code.in_(category_codes))).all())
    have = set(session.exec(select(CategoryQuestion.category_id, CategoryQuestion.code)).all())
    for order, seed in enumerate(DEFAULT_QUESTIONS):
        category_id = ids.get(seed.category)
        if category_id is None or (category_id, seed.code) in have:
            continue
        fields = {k: v for k, v in seed.__dict__.items() if k not in ("category", "choices")}
        choices = [{"key": k, "name_id": i, "name_en": e} for k, i, e in seed.choices]
        session.add(CategoryQuestion(category_id=category_id, sort_order=order, choices=json.dumps(choices), **fields))
    session.flush()


def ensure_templates(session: Session) -> int:
    """Insert the default response templates that are missing (by code); returns how many."""
    existing = set(session.exec(select(ResponseTemplate.code)).all())
    added = [seed for seed in DEFAULT_TEMPLATES if seed.code not in existing]
    for seed in added:
        session.add(ResponseTemplate(sort_order=DEFAULT_TEMPLATES.index(seed), **seed.__dict__))
    session.flush()
    return len(added)


_ACTIVE = select(Category).where(Category.active).order_by(Category.sort_order)
# Built once, columns only (no Category objects): every opening of the map page and the forms asks it.
_ACTIVE_NAMES = select(Category.code, Category.name_id, Category.name_en).where(Category.active).order_by(
    Category.sort_order
)


def active_categories(session: Session) -> list[Category]:
    return list(session.exec(_ACTIVE).all())


def category_choices(session: Session, lang: str) -> list[tuple[str, str]]:
    """(code, name in `lang`) of each active category, in their order: what a select offers."""
    return [(code, _named(name_id, name_en, lang)) for code, name_id, name_en in session.exec(_ACTIVE_NAMES)]


def category_name(category: Category, lang: str) -> str:
    return _named(category.name_id, category.name_en, lang)


def _named(name_id: str, name_en: str, lang: str) -> str:
    return name_en if lang == "en" else name_id


# Response templates.
CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
TITLE_MAX = 80
TEXT_MAX = 1000


@dataclass(frozen=True)
class TemplateFields:
    code: str
    title_id: str
    title_en: str
    text_id: str
    text_en: str
    active: bool = True


def active_templates(session: Session) -> list[ResponseTemplate]:
    return list(
        session.exec(
            select(ResponseTemplate).where(ResponseTemplate.active).order_by(ResponseTemplate.sort_order)
        ).all()
    )


def all_templates(session: Session, identity: StaffIdentity | None) -> list[ResponseTemplate]:
    require_admin(identity)
    return list(session.exec(select(ResponseTemplate).order_by(ResponseTemplate.sort_order)).all())


def _checked(session: Session, fields: TemplateFields, template_id: int | None) -> TemplateFields:
    clean = TemplateFields(
        code=(fields.code or "").strip().lower(),
        title_id=clean_text(fields.title_id or ""),
        title_en=clean_text(fields.title_en or ""),
        text_id=clean_text(fields.text_id or "", multiline=True),
        text_en=clean_text(fields.text_en or "", multiline=True),
        active=bool(fields.active),
    )
    errors: dict[str, FieldError] = {}
    if not CODE.match(clean.code):
        errors["code"] = FieldError("error.config_code")
    elif session.exec(
        select(ResponseTemplate.id).where(ResponseTemplate.code == clean.code, ResponseTemplate.id != template_id)
    ).first():
        errors["code"] = FieldError("error.config_code_taken")
    for name, limit in (("title_id", TITLE_MAX), ("title_en", TITLE_MAX), ("text_id", TEXT_MAX), ("text_en", TEXT_MAX)):
        value = getattr(clean, name)
        if not value:
            errors[name] = FieldError("error.config_required")
        elif len(value) > limit:
            errors[name] = FieldError("error.config_too_long", {"max": limit})
    if errors:
        raise FormRefused(errors)
    return clean


def save_template(
    session: Session, identity: StaffIdentity | None, template_id: int | None, fields: TemplateFields
) -> ResponseTemplate:
    """Add (template_id None) or change a template; every field checked before anything is stored."""
    actor = require_admin(identity)
    template = session.get(ResponseTemplate, template_id) if template_id is not None else None
    if template_id is not None and template is None:
        raise FormRefused({"form": FieldError("error.config_unknown")})
    clean = _checked(session, fields, template_id)
    before = _fields_of(template) if template else None
    if template is None:
        order = session.exec(select(func.coalesce(func.max(ResponseTemplate.sort_order), -1))).one() + 1
        template = ResponseTemplate(sort_order=order, **clean.__dict__)
    else:
        for name, value in clean.__dict__.items():
            setattr(template, name, value)
    session.add(template)
    session.flush()
    after = _fields_of(template)
    if before is None:
        record(session, actor, "template_create", code=template.code, after=after)
    elif before != after:
        record(session, actor, "template_update", code=template.code, before=before, after=after)
    return template


def _fields_of(template: ResponseTemplate) -> dict:
    return {name: getattr(template, name) for name in TemplateFields.__dataclass_fields__}


# Extra questions (Open311 service attributes) and the checks on the answers.
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


# Admins edit categories and their questions.
NAME_MAX = 80
LABEL_MAX = 120
SLA_MIN, SLA_MAX = 1, 60


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
    if not _DECIMAL.match(text):
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
