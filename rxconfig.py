"""Reflex configuration. Every value can be overridden with a REFLEX_* environment variable."""

import reflex as rx

config = rx.Config(
    app_name="pengaduan_app",
    db_url="sqlite:///pengaduan.db",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin()],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
