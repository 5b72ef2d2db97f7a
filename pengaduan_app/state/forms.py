"""Reading submitted forms the way a crafted client may send them."""

from __future__ import annotations


def form_text(form: object, name: str) -> str:
    """A text field of a submitted form; anything that is not text (or not a form at all) reads as empty."""
    value = form.get(name, "") if isinstance(form, dict) else ""
    return value if isinstance(value, str) else ""
