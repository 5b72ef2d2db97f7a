"""`/`: the public map of reports with filters, and the list of the reports in view beside it."""

import reflex as rx

from ..components.filters import filter_bar, filter_button
from ..components.geolocation import geolocate
from ..components.i18n import t
from ..components.message_listener import message_listener
from ..components.open_data import export_links
from ..components.pager import pager
from ..components.report_card import report_list
from ..state.browse import MAP_FRAME_ID, BrowseState
from .template import public_page


def _sort_button(sort: str, on_click) -> rx.Component:
    return rx.el.button(
        t(f"sort.{sort}"),
        type="button",
        id=f"sort-{sort}",
        class_name="button secondary toggle",
        aria_pressed=rx.cond(BrowseState.sort == sort, "true", "false"),
        on_click=on_click,
    )


def sort_bar() -> rx.Component:
    return rx.fragment(
        rx.el.div(
            rx.el.span(t("sort.label"), id="sort-label", class_name="field-label"),
            _sort_button("newest", BrowseState.set_sort("newest")),
            _sort_button("supported", BrowseState.set_sort("supported")),
            # Each press reads the location again; the state sorts when the answer arrives.
            _sort_button("nearest", geolocate("pengaduan:my-location")),
            role="group",
            aria_labelledby="sort-label",
            class_name="sort-bar",
        ),
        rx.cond(BrowseState.sort_error != "", rx.el.p(BrowseState.sort_error, role="alert", class_name="field-error")),
    )


def map_and_list(heading_key: str) -> rx.Component:
    return rx.el.div(
        message_listener(on_message=BrowseState.receive_message),
        rx.el.section(
            # A new address is a new frame element (keyed by it): a frame told to load another address in place
            # adds an entry to the tab's history, and Forward (after Back) would then have nowhere to go.
            rx.el.iframe(
                src=BrowseState.frame_src,
                key=BrowseState.frame_src,
                title=t("map.frame_title"),
                class_name="map-frame",
                id=MAP_FRAME_ID,
            ),
            aria_label=t("map.frame_title"),
        ),
        rx.el.section(
            rx.el.div(
                rx.el.h2(t(heading_key)),
                rx.el.span(
                    rx.cond(
                        BrowseState.listed, rx.fragment(BrowseState.total, " ", t("list.reports")), t("map.loading")
                    ),
                    class_name="card-meta",
                    id="report-total",
                    aria_live="polite",
                ),
                class_name="list-head",
            ),
            sort_bar(),
            rx.cond(BrowseState.listed, report_list(BrowseState.cards)),
            pager(BrowseState.page, BrowseState.page_count, BrowseState.go_to_page),
            rx.el.section(
                rx.el.h2(t("kinerja.open_data"), class_name="card-meta"),
                export_links(BrowseState.export_query),
                class_name="open-data",
            ),
            class_name="browse-list",
        ),
        class_name="browse",
    )


@public_page("/", "page.map", on_load=BrowseState.load)
def index() -> rx.Component:
    return rx.fragment(
        rx.el.div(rx.el.h1(t("map.heading")), filter_button(), class_name="map-head"),
        filter_bar(),
        map_and_list("list.heading"),
    )
