"""Status shown as colour + icon + word, never colour alone."""

import reflex as rx

from ..domain.status import PUBLIC_STATUSES, public_status
from .i18n import t


def _badge(code: str) -> rx.Component:
    look = next(p for p in PUBLIC_STATUSES if p.code == code)
    return rx.el.span(
        rx.icon(look.icon, size=14, aria_hidden="true"),
        t(f"status.{code}"),
        class_name=f"status-badge status-{code}",
        style={"background": look.color, "color": look.text_color},
    )


def status_badge(public_code: rx.Var) -> rx.Component:
    """A badge for a public status code var (waiting, in_progress, done, rejected, reopened)."""
    return rx.match(public_code, *[(p.code, _badge(p.code)) for p in PUBLIC_STATUSES], _badge("waiting"))


def public_code(internal_status: str) -> str:
    return public_status(internal_status).code
