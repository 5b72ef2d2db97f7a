"""Report categories as every consumer reads them: live from the database, no per-process copy.

Admins edit categories in the browser (domain.category_admin), so nothing here is cached: each request
reads the rows again (a few dozen, by primary key order), and a change is seen by the next request on every
worker at once. The deadline (`sla_days`) is copied into each report's `due_at` when it is filed: a new
deadline applies to new reports, not to those already open.
"""

from __future__ import annotations

import json

from sqlmodel import Session, select

from ..models import Category, CategoryQuestion, ResponseTemplate
from .defaults import DEFAULT_CATEGORIES, DEFAULT_QUESTIONS, DEFAULT_TEMPLATES


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


def active_categories(session: Session) -> list[Category]:
    return list(session.exec(select(Category).where(Category.active).order_by(Category.sort_order)).all())


def category_name(category: Category, lang: str) -> str:
    return category.name_en if lang == "en" else category.name_id
