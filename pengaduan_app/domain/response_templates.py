"""Response templates officers start a reply from; admins add, edit and deactivate them (audited).

Read live on every page load: a change shows on the next reply form, on every worker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from ..errors import FormRefused
from ..models import ResponseTemplate
from .accounts import StaffIdentity
from .audit import record
from .permissions import require_admin
from .validation import FieldError, clean_text

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
