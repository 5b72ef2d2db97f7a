"""`/staf`: the triage queue. Dense, keyboard friendly, filters that stick, bulk assignment."""

import reflex as rx

from ..components.field_check import far_photo_badge
from ..components.i18n import t
from ..components.pager import pager
from ..components.status_badge import status_badge
from ..domain import status
from ..domain.staff_queue import SORTS
from ..domain.validation import CHANNELS
from ..state.staff_queue import QueueState
from .staff_template import staff_page

PICK_COLUMN = "pick-column"


def _select(name: str, label_key: str, options, all_key: str, value) -> rx.Component:
    control_id = f"queue-{name}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=control_id, class_name="field-label"),
        rx.el.select(
            rx.el.option(t(all_key), value=""),
            options,
            id=control_id,
            value=value,
            on_change=lambda v: QueueState.set_filter(name, v),
            class_name="input",
        ),
        class_name="field",
    )


def _toggle(name: str, label_key: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            checked=QueueState.filters[name] == "1",
            on_change=lambda _checked: QueueState.toggle_filter(name),
            id=f"queue-{name}",
        ),
        t(label_key),
        class_name="choice",
    )


def _search() -> rx.Component:
    """Typed words are sent after a pause (and on leaving the box), so fast typing loses no letter."""
    return rx.el.div(
        rx.el.label(t("staff.search"), html_for="queue-q", class_name="field-label"),
        rx.debounce_input(
            rx.el.input(
                type="search",
                id="queue-q",
                value=QueueState.filters["q"],
                on_change=lambda v: QueueState.set_filter("q", v),
                placeholder=t("staff.search_placeholder"),
                aria_describedby="queue-q-hint",
                class_name="input",
                enter_key_hint="search",
            ),
            debounce_timeout=300,
        ),
        rx.el.p(t("staff.search_hint"), id="queue-q-hint", class_name="field-hint"),
        class_name="field queue-search",
    )


def _filters() -> rx.Component:
    statuses = [rx.el.option(t("staff.filter.open"), value="open")] + [
        rx.el.option(t(f"staff.status.{s}"), value=s) for s in status.STATUSES
    ]
    return rx.el.div(
        _search(),
        _select("status", "filter.status", statuses, "staff.filter.all", QueueState.filters["status"]),
        _select(
            "category",
            "filter.category",
            rx.foreach(QueueState.categories, lambda c: rx.el.option(c.label, value=c.value)),
            "filter.all_categories",
            QueueState.filters["category"],
        ),
        _select(
            "area",
            "report.area",
            rx.foreach(QueueState.areas, lambda a: rx.el.option(a.label, value=a.value)),
            "staff.filter.all_areas",
            QueueState.filters["area"],
        ),
        _select(
            "channel",
            "staff.filter.channel",
            [rx.el.option(t(f"channel.{c}"), value=c) for c in CHANNELS],
            "staff.filter.all",
            QueueState.filters["channel"],
        ),
        rx.el.div(
            rx.el.label(t("staff.sort"), html_for="queue-sort", class_name="field-label"),
            rx.el.select(
                *[rx.el.option(t(f"staff.sort.{key}"), value=key) for key in SORTS],
                id="queue-sort",
                value=QueueState.sort,
                on_change=QueueState.set_sort,
                class_name="input",
            ),
            class_name="field",
        ),
        rx.el.div(
            _toggle("overdue", "staff.filter.overdue"),
            _toggle("mine", "staff.filter.mine"),
            rx.cond(QueueState.offers_far, _toggle("far", "staff.filter.far_photo")),
        ),
        role="search",
        aria_label=t("filter.label"),
        class_name="filters",
    )


COLUMNS = (
    "staff.col.code",
    "staff.col.title",
    "report.category",
    "report.area",
    "filter.status",
    "staff.col.priority",
    "staff.col.age",
    "staff.col.assigned",
    "report.supporters",
    "report.channel",
)


def _cells(row: rx.Var) -> list[rx.Component]:
    """One cell per column of COLUMNS, in order."""
    code = row.code
    return [
        rx.el.a(code, href="/staf/laporan/" + code, class_name="mono", id="code-" + code),
        rx.fragment(row.title, rx.cond(row.far, far_photo_badge())),
        row.category,
        row.area,
        rx.fragment(status_badge(row.public_status), " ", row.status),
        row.priority,
        rx.fragment(
            row.age,
            rx.cond(
                row.overdue,
                rx.el.span(
                    rx.icon("alarm-clock", size=14, aria_hidden="true"), t("staff.overdue"), class_name="overdue"
                ),
            ),
        ),
        row.assigned,
        row.support,
        row.channel,
    ]


def _cell(column: str, content) -> rx.Component:
    """A cell that also carries its column's name, shown beside it when a phone stacks the row as a card."""
    return rx.el.td(content, custom_attrs={"data-label": t(column)}, class_name="wrap" if column == COLUMNS[1] else "")


def _row(row: rx.Var) -> rx.Component:
    code = row.code
    return rx.el.tr(
        rx.el.td(
            # Named by what the eye reads across the row: the column "Pilih" and the report's code.
            rx.el.label(
                rx.el.input(
                    type="checkbox",
                    checked=QueueState.selected.contains(row.code),
                    on_change=lambda _c: QueueState.toggle_selected(code),
                    aria_labelledby=f"{PICK_COLUMN} " + "code-" + code,
                ),
                rx.el.span(t("staff.select"), class_name="pick-word", aria_hidden="true"),
                class_name="pick",
            ),
            class_name="pick-cell",
        ),
        *[_cell(column, content) for column, content in zip(COLUMNS, _cells(row), strict=True)],
        class_name=rx.cond(row.overdue, "is-overdue", ""),
    )


def _bulk() -> rx.Component:
    return rx.el.div(
        rx.el.label(
            rx.el.input(type="checkbox", on_change=QueueState.select_page, id="select-page"),
            t("staff.select_page"),
            class_name="choice",
        ),
        rx.el.span(QueueState.selected.length(), " ", t("staff.selected")),
        rx.el.label(t("staff.assign_to"), html_for="bulk-officer", class_name="sr-only"),
        rx.el.select(
            rx.el.option(t("staff.assign_to"), value=""),
            rx.foreach(QueueState.officers, lambda o: rx.el.option(o.label, value=o.value)),
            id="bulk-officer",
            on_change=QueueState.bulk_assign,
            disabled=QueueState.selected.length() == 0,
            class_name="input",
        ),
        class_name="bulk-bar",
    )


def _table() -> rx.Component:
    return rx.el.div(
        rx.el.table(
            rx.el.caption(t("staff.queue_caption"), " (", QueueState.total, ")", class_name="sr-only"),
            rx.el.thead(
                rx.el.tr(
                    rx.el.th(t("staff.select"), scope="col", id=PICK_COLUMN),
                    *[rx.el.th(t(key), scope="col") for key in COLUMNS],
                )
            ),
            rx.el.tbody(rx.foreach(QueueState.rows, _row)),
            class_name="queue",
            id="queue",
        ),
        class_name="table-scroll",
    )


def _view_switch() -> rx.Component:
    """List or map: two buttons, the current one pressed."""
    return rx.el.div(
        *[
            rx.el.button(
                t(key),
                type="button",
                on_click=QueueState.set_view(name),
                aria_pressed=rx.cond(QueueState.view == name, "true", "false"),
                class_name=rx.cond(QueueState.view == name, "button", "button secondary"),
                id=f"view-{name}",
            )
            for name, key in (("list", "staff.view_list"), ("map", "staff.view_map"))
        ],
        role="group",
        aria_label=t("staff.view"),
        class_name="action-row",
    )


@staff_page("/staf", "page.staff_queue", on_load=QueueState.load)
def staff_queue() -> rx.Component:
    return rx.fragment(
        rx.el.h1(t("staff.queue_heading"), " ", rx.el.span("(", QueueState.total, ")", id="queue-total")),
        _filters(),
        rx.cond(QueueState.message != "", rx.el.p(QueueState.message, role="status", class_name="notice")),
        rx.cond(QueueState.error != "", rx.el.p(QueueState.error, role="alert", class_name="field-error")),
        _view_switch(),
        rx.cond(
            QueueState.view == "map",
            rx.el.iframe(
                src=QueueState.map_src, id="queue-map", title=t("staff.queue_map_label"), class_name="queue-map-frame"
            ),
            rx.fragment(
                _bulk(),
                _table(),
                pager(QueueState.page, QueueState.page_count, QueueState.go_to_page),
            ),
        ),
    )
