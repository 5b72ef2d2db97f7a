"""The page shown for an address that does not exist (Reflex's 404 route)."""

import reflex as rx

from ..components.i18n import t
from .template import public_page


@public_page("/404", "page.not_found")
def not_found() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t("notfound.title")),
        rx.el.p(t("notfound.body")),
        rx.el.a(t("report.back_to_map"), href="/", class_name="button"),
        class_name="card",
    )
