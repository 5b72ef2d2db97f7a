"""The one base of every refusal the domain raises.

A refusal means nothing was changed and the user can be told why: `code` is a translation key and `params`
fill its message. States, API routes and the CLI catch `Refused` once instead of one class per module.
"""

from __future__ import annotations

from typing import Any


class Refused(ValueError):
    """A step that cannot be done as asked; `code` is a translation key, `params` fill its message."""

    recorded = False  # True: what the step wrote before refusing (e.g. a failed sign-in) is kept

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params: dict[str, Any] = params


class FormRefused(Refused):
    """A form that was not saved: `errors` maps each field to its problem (a FieldError), shown by the field;
    the refusal's own message says to look at them."""

    def __init__(self, errors: dict) -> None:
        super().__init__("error.form_has_problems")
        self.errors = errors
