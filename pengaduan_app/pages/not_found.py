"""The page shown for an address that does not exist."""

import reflex as rx

from ..components.i18n import t
from ..components.layout import page_frame


def not_found() -> rx.Component:
    return page_frame(
        rx.el.div(
            rx.el.h1(t("notfound.title")),
            rx.el.p(t("notfound.body")),
            rx.el.a(t("report.back_to_map"), href="/", class_name="button"),
            class_name="card",
        )
    )
