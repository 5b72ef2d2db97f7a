"""`/kinerja`: how each kota, kecamatan and kelurahan responds, ranked fairly, with trends and a map."""

from typing import Any

import reflex as rx

from ..components.i18n import t
from ..components.open_data import export_links
from ..state.performance import LEVELS, PerformanceState
from .template import public_page

P = PerformanceState
# (key, column name, its short name: on a phone each value sits under it, three to a line)
COLUMNS = (
    ("rank", "kinerja.col.rank", ""),
    ("name", "kinerja.col.area", ""),
    ("received", "kinerja.col.received", "kinerja.short.received"),
    ("resolved", "kinerja.col.resolved", "kinerja.short.resolved"),
    ("response", "kinerja.col.response", "kinerja.short.response"),
    ("resolution", "kinerja.col.resolution", "kinerja.short.resolution"),
    ("within", "kinerja.col.within_sla", "kinerja.short.within_sla"),
    ("reopen", "kinerja.col.reopen", "kinerja.short.reopen"),
    ("rating", "kinerja.col.rating", "kinerja.short.rating"),
    ("score", "kinerja.col.score", "kinerja.short.score"),
)


def _controls() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.label(t("kinerja.level"), html_for="kinerja-level", class_name="field-label"),
            rx.el.select(
                *[rx.el.option(t(f"area.{level}"), value=level) for level in LEVELS],
                id="kinerja-level",
                value=P.level,
                on_change=P.set_level,
                class_name="input",
            ),
            class_name="field",
        ),
        rx.cond(
            P.parents.length() > 0,
            rx.el.div(
                rx.el.label(t("kinerja.within"), html_for="kinerja-parent", class_name="field-label"),
                rx.el.select(
                    rx.el.option(t("kinerja.all"), value=""),
                    rx.foreach(P.parents, lambda a: rx.el.option(a.label, value=a.value)),
                    id="kinerja-parent",
                    value=P.parent,
                    on_change=P.set_parent,
                    class_name="input",
                ),
                class_name="field",
            ),
        ),
        class_name="filters",
    )


def _cell(row: rx.Var, key: str, label: str) -> rx.Component:
    """A cell that names its column (`data-label`, the short name): on a phone each row is a card of named
    values, short enough that the top ten fit three screens."""
    if key == "name":
        return rx.el.td(
            rx.cond(row.id != "", rx.el.a(row.name, href="/wilayah/" + row.id), row.name),
            class_name="wrap",
        )
    if key == "within":
        return rx.el.td(
            row.within,
            rx.el.span(" (n=", row.eligible, ")", class_name="card-meta"),
            data_label=t(label),
            class_name=key,
        )
    if key == "received":
        hidden = rx.cond(row.hidden != "", rx.el.span(" (", row.hidden, ")", class_name="card-meta"))
        return rx.el.td(row.received, hidden, data_label=t(label), class_name=key)
    named = {"data_label": t(label)} if label else {}
    return rx.el.td(getattr(row, key), class_name=key, **named)


def _table() -> rx.Component:
    return rx.el.div(
        rx.el.table(
            rx.el.caption(t("kinerja.table_caption"), class_name="sr-only"),
            rx.el.thead(rx.el.tr(*[rx.el.th(t(label), scope="col") for _, label, _ in COLUMNS])),
            rx.el.tbody(
                rx.el.tr(*[_cell(P.total, key, short) for key, _, short in COLUMNS], class_name="total-row"),
                rx.foreach(P.rows, lambda row: rx.el.tr(*[_cell(row, key, short) for key, _, short in COLUMNS])),
            ),
            class_name="queue ranking",
            id="kinerja-table",
        ),
        rx.cond(
            P.rows_left > 0,
            rx.el.button(
                t("kinerja.show_more"),
                " (",
                P.rows_left,
                " ",
                t("kinerja.more_left"),
                ")",
                type="button",
                id="kinerja-more",
                class_name="button secondary",
                on_click=P.show_more,
            ),
        ),
        class_name="table-scroll",
    )


def _trend() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("kinerja.trend")),
        rx.recharts.bar_chart(
            rx.recharts.bar(data_key="received", name=t("kinerja.col.received"), fill="#0369a1"),
            rx.recharts.bar(data_key="resolved", name=t("kinerja.resolved_count"), fill="#15803d"),
            rx.recharts.x_axis(data_key="week"),
            rx.recharts.y_axis(allow_decimals=False),
            rx.recharts.legend(),
            rx.recharts.graphing_tooltip(),
            data=P.trend.to(list[dict[str, Any]]),  # the chart reads the rows' fields by `data_key`
            width="100%",
            height=260,
        ),
        rx.el.details(
            rx.el.summary(t("kinerja.trend_table")),
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th(t("kinerja.week"), scope="col"),
                        rx.el.th(t("kinerja.col.received"), scope="col"),
                        rx.el.th(t("kinerja.resolved_count"), scope="col"),
                    )
                ),
                rx.el.tbody(
                    rx.foreach(
                        P.trend,
                        lambda w: rx.el.tr(rx.el.td(w.week), rx.el.td(w.received), rx.el.td(w.resolved)),
                    )
                ),
                class_name="queue",
            ),
        ),
        class_name="card",
    )


@public_page("/kinerja", "page.performance", on_load=PerformanceState.load)
def performance() -> rx.Component:
    return rx.fragment(
        rx.el.h1(t("kinerja.heading")),
        rx.el.p(t("kinerja.intro")),
        _controls(),
        _table(),
        rx.el.section(
            rx.el.h2(t("kinerja.method_heading")),
            rx.el.p(t("kinerja.method_1")),
            rx.el.p(t("kinerja.method_2"), " ", P.prior_weight, " ", t("kinerja.method_3")),
            rx.el.p(t("kinerja.method_4")),
            class_name="card",
            id="kinerja-method",
        ),
        _trend(),
        rx.el.section(
            rx.el.h2(t("kinerja.open_data")),
            rx.el.p(t("kinerja.open_data_intro")),
            export_links(),
            class_name="card",
            id="open-data",
        ),
        rx.el.section(
            rx.el.h2(t("kinerja.map_title")),
            rx.el.iframe(src="/peta/kinerja", title=t("kinerja.map_title"), class_name="map-frame", id="kinerja-map"),
            class_name="card",
        ),
    )
