"""Download links for the open data: Excel first (typed cells, the safe choice for spreadsheets), then CSV and
GeoJSON; `query` carries the map's filters."""

import reflex as rx

from .i18n import t

EXPORT_PATH = "/api/ekspor/laporan."


def export_links(query: rx.Var | str = "") -> rx.Component:
    def link(extension: str, label: str, style: str) -> rx.Component:
        # Reflex makes a same-site `a` a client-side router link, which would open the app's 404 page instead of
        # the file: reload_document leaves the click to the browser.
        return rx.el.a(
            t(label),
            href=EXPORT_PATH + extension + query,
            class_name=style,
            id=f"export-{extension}",
            download=True,
            reload_document=True,
        )

    return rx.el.div(
        link("xlsx", "export.xlsx", "button"),
        link("csv", "export.csv", "button secondary"),
        link("geojson", "export.geojson", "button secondary"),
        rx.el.p(t("export.xlsx_hint"), class_name="field-hint"),
        class_name="action-row export-links",
    )
