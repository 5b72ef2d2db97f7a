"""Builds the Reflex app: pages, API routes and styles. Nothing else."""

import reflex as rx

from . import pages  # noqa: F401  (registers every page)
from .api.app import build_api
from .pages.not_found import not_found

app = rx.App(
    api_transformer=build_api(),
    stylesheets=["/styles.css", "/staff.css"],
    theme=rx.theme(appearance="light", accent_color="grass", has_background=False),
)
app.add_page(not_found, route="/404", title="Pengaduan · Tidak ditemukan")
