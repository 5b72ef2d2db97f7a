"""Admin forms that save a whole record: each field's problem shown by its field, nothing stored on a refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import FormRefused
from ..i18n import translate
from .lang import current_language
from .staff_auth import REFUSED, StaffPage, act


async def save_form(page: StaffPage, step: Callable[..., Any], *args, done_key: str, prefix: str = "") -> bool:
    """`act(page, step, ...)`, and the refusal's field problems as `{prefix + field: message}` (empty when the
    step was done); the step's transaction is rolled back whole on any refusal."""
    problems: dict = {}

    def keeping_problems(session, identity, *step_args):
        try:
            return step(session, identity, *step_args)
        except FormRefused as refusal:
            problems.update(refusal.errors)
            raise

    done = await act(page, keeping_problems, *args, done_key=done_key) is not REFUSED
    lang = await current_language(page)
    page.field_errors = {prefix + name: translate(lang, e.code, **e.params) for name, e in problems.items()}
    return done


def as_id(value: str) -> int | None:
    """A row id from a form or a button ("" or garbage: None, which the domain refuses or reads as new)."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None
