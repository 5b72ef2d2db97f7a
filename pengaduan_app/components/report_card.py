"""A report in a list: thumbnail, title, category, area, age, support count, status (and distance)."""

import reflex as rx

from .i18n import t
from .status_badge import status_badge


def report_card(item: rx.Var) -> rx.Component:
    """`item` is a `state.views.ReportCard` var (its `distance` may be empty)."""
    return rx.el.li(
        rx.el.a(
            rx.cond(
                item.thumb != "",
                rx.el.img(src=item.thumb, alt="", class_name="card-thumb", loading="lazy", width="72", height="72"),
                rx.el.div(rx.icon("image-off", size=24, aria_hidden="true"), class_name="card-thumb placeholder"),
            ),
            rx.el.div(
                rx.el.h3(item.title, class_name="card-title"),
                rx.el.p(
                    item.category,
                    rx.cond(item.area != "", rx.el.span(" · ", item.area)),
                    class_name="card-meta",
                ),
                rx.el.p(
                    status_badge(item.status),
                    rx.el.span(item.age, class_name="card-age"),
                    rx.el.span(
                        rx.icon("thumbs-up", size=14, aria_hidden="true"),
                        item.support,
                        rx.el.span(t("card.supporters"), class_name="sr-only"),
                        class_name="card-support",
                    ),
                    rx.cond(item.distance != "", rx.el.span(item.distance, class_name="card-distance")),
                    class_name="card-footer",
                ),
                class_name="card-body",
            ),
            href="/laporan/" + item.code,
            class_name="card-link",
            data_code=item.code,
        ),
        class_name="report-card",
    )


def report_list(items: rx.Var, empty_key: str = "list.empty") -> rx.Component:
    return rx.cond(
        items.length() > 0,
        rx.el.ul(rx.foreach(items, report_card), class_name="report-list"),
        rx.el.p(t(empty_key), class_name="empty"),
    )
