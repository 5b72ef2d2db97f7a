"""The filter bar of the public map: status, category, kota, kecamatan, kelurahan, date range."""

import reflex as rx

from ..domain.status import PUBLIC_STATUSES
from ..state.browse import BrowseState
from .i18n import t


def _select(name: str, label_key: str, options: rx.Var | list, all_key: str) -> rx.Component:
    control_id = f"filter-{name}"
    items = (
        [rx.el.option(t(o["label_key"]), value=o["value"]) for o in options]
        if isinstance(options, list)
        else [rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["value"]))]
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
            class_name="filter-actions",
        ),
        role="search",
        aria_label=t("filter.label"),
        class_name="filters",
    )
