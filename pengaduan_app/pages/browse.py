"""`/`: the public map of reports with filters and the list of reports beside it."""

import reflex as rx

from ..components.filters import filter_bar
from ..components.i18n import t
from ..components.pager import pager
from ..components.report_card import report_list
from ..state.browse import BrowseState
from .template import public_page


def map_and_list(heading_key: str) -> rx.Component:
    return rx.el.div(
        rx.el.section(
            rx.el.iframe(
                src=BrowseState.frame_src, title=t("map.frame_title"), class_name="map-frame", id="public-map"
            ),
            aria_label=t("map.frame_title"),
        ),
        rx.el.section(
            rx.el.div(
                rx.el.h2(t(heading_key)),
                rx.el.span(BrowseState.total, " ", t("list.reports"), class_name="card-meta", id="report-total"),
                class_name="list-head",
            ),
            report_list(BrowseState.cards),
            pager(BrowseState.page, BrowseState.page_count, BrowseState.go_to_page),
            class_name="browse-list",
        ),
        class_name="browse",
    )


@public_page("/", "Pengaduan · Peta laporan", on_load=BrowseState.load)
def index() -> rx.Component:
    return rx.fragment(
        rx.el.h1(t("map.heading")),
        filter_bar(),
        map_and_list("list.heading"),
    )
