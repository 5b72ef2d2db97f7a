"""On /lapor, below the place: "Already reported?" with the open reports nearby and "this is my problem too"."""

import reflex as rx

from ..state.duplicate_panel import DuplicateState
from .i18n import t
from .status_badge import status_badge


def _suggestion(item: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.a(item.title, href="/laporan/" + item.code, class_name="card-title"),
            rx.el.p(
                status_badge(item.status),
                rx.el.span(item.distance),
                rx.el.span(
                    rx.icon("thumbs-up", size=14, aria_hidden="true"),
                    item.support,
                    rx.el.span(t("card.supporters"), class_name="sr-only"),
                    class_name="card-support",
                ),
                class_name="card-footer",
            ),
            class_name="card-body",
        ),
        rx.el.button(
            rx.icon("thumbs-up", size=18, aria_hidden="true"),
            t("dup.same"),
            type="button",
            class_name="button secondary toggle",
            aria_pressed=rx.cond(item.supported, "true", "false"),
            on_click=DuplicateState.toggle_support(item.code),
            data_code=item.code,
        ),
        class_name="duplicate",
    )


def duplicate_panel() -> rx.Component:
    return rx.fragment(
        rx.cond(
            DuplicateState.suggestions.length() > 0,
            rx.el.section(
                rx.el.h2(t("dup.heading"), id="duplicates-heading"),
                rx.el.p(DuplicateState.intro),
                rx.el.ul(rx.foreach(DuplicateState.suggestions, _suggestion), class_name="duplicates"),
                aria_labelledby="duplicates-heading",
                class_name="duplicates-panel",
                id="duplicates",
            ),
        ),
        rx.el.p(DuplicateState.message, role="status", id="duplicates-message", class_name="support-message"),
    )
