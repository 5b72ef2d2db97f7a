"""Previous / next paging for lists."""

import reflex as rx

from .i18n import t


def pager(page: rx.Var, page_count: rx.Var, go_to_page) -> rx.Component:
    return rx.cond(
        page_count > 1,
        rx.el.nav(
            rx.el.button(
                rx.icon("chevron-left", size=18, aria_hidden="true"),
                t("pager.previous"),
                class_name="button secondary",
                disabled=page <= 0,
                on_click=go_to_page(page - 1),
            ),
            rx.el.span(t("pager.page"), " ", page + 1, " / ", page_count),
            rx.el.button(
                t("pager.next"),
                rx.icon("chevron-right", size=18, aria_hidden="true"),
                class_name="button secondary",
                disabled=page >= page_count - 1,
                on_click=go_to_page(page + 1),
            ),
            aria_label=t("pager.label"),
            class_name="pager",
        ),
    )
