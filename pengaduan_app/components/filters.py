"""The filters of the public map: status, category, kota, kecamatan, kelurahan, date range.

On a phone they sit behind one "Filter" button that says how many are on, and
open as a sheet over the page; on wide screens they are always shown above the map.
"""

import reflex as rx

from ..domain.status import PUBLIC_STATUSES
from ..state.browse import BrowseState
from .i18n import t


def _select(name: str, label_key: str, options: rx.Var | list, all_key: str) -> rx.Component:
    control_id = f"filter-{name}"
    items = (
        [rx.el.option(t(o["label_key"]), value=o["value"]) for o in options]
        if isinstance(options, list)
        else [rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value))]
    )
    return rx.el.div(
        rx.el.label(t(label_key), html_for=control_id, class_name="field-label"),
        rx.el.select(
            rx.el.option(t(all_key), value=""),
            *items,
            id=control_id,
            value=BrowseState.filters[name],
            on_change=lambda value: BrowseState.set_filter(name, value),
            class_name="input",
        ),
        class_name="field",
    )


def _date(name: str, label_key: str) -> rx.Component:
    control_id = f"filter-{name}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=control_id, class_name="field-label"),
        rx.el.input(
            type="date",
            id=control_id,
            min="2000-01-01",
            max="2100-12-31",
            value=BrowseState.filters[name],
            on_change=lambda value: BrowseState.set_filter(name, value),
            class_name="input",
        ),
        class_name="field",
    )


def filter_bar() -> rx.Component:
    statuses = [{"value": p.code, "label_key": f"status.{p.code}"} for p in PUBLIC_STATUSES]
    return rx.el.div(
        _select("status", "filter.status", statuses, "filter.all_statuses"),
        _select("category", "filter.category", BrowseState.categories, "filter.all_categories"),
        _select("kota", "filter.kota", BrowseState.kota_options, "filter.all_kota"),
        _select("kecamatan", "filter.kecamatan", BrowseState.kecamatan_options, "filter.all_kecamatan"),
        rx.cond(
            BrowseState.kelurahan_options.length() > 0,
            _select("kelurahan", "filter.kelurahan", BrowseState.kelurahan_options, "filter.all_kelurahan"),
        ),
        _date("from", "filter.from"),
        _date("to", "filter.to"),
        rx.el.div(
            rx.el.button(t("filter.clear"), on_click=BrowseState.clear_filters, class_name="button secondary"),
            rx.el.button(
                t("filter.show"),
                " (",
                BrowseState.total,
                ")",
                type="button",
                id="filter-done",
                on_click=BrowseState.toggle_filters,
                class_name="button sheet-only",
            ),
            class_name="filter-actions",
        ),
        role="search",
        aria_label=t("filter.label"),
        id="filter-sheet",
        class_name=rx.cond(BrowseState.filters_open, "map-filters open", "map-filters"),
    )


def filter_button() -> rx.Component:
    """Opens and closes the filter sheet on a phone; the badge counts the filters that are on."""
    return rx.el.button(
        rx.icon("sliders-horizontal", size=18, aria_hidden="true"),
        t("filter.button"),
        rx.cond(
            BrowseState.active_filters > 0,
            rx.el.span(
                BrowseState.active_filters,
                rx.el.span(" ", t("filter.active"), class_name="sr-only"),
                class_name="count-badge",
                id="filter-count",
            ),
        ),
        type="button",
        id="filter-toggle",
        class_name="button secondary filter-toggle",
        aria_expanded=rx.cond(BrowseState.filters_open, "true", "false"),
        aria_controls="filter-sheet",
        on_click=BrowseState.toggle_filters,
    )
