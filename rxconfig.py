"""Reflex configuration. Every value can be overridden with a REFLEX_* environment variable."""

import reflex as rx

config = rx.Config(
    app_name="pengaduan_app",
    db_url="sqlite:///pengaduan.db",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # No Radix Themes: every page is plain elements styled by assets/*.css, and its stylesheet alone
    # (85 KB compressed) was a fifth of each page's first load on a phone.
    disable_plugins=[rx.plugins.SitemapPlugin],
)
