"""Reflex configuration. Every value can be overridden with a REFLEX_* environment variable.

State storage: one process keeps its visitors' states in memory (measured with bench/load.py: the disk
manager's pickling and its sweep of every saved file cost a third of a busy worker's CPU). A state lost
with a restart is rebuilt by the browser's rehydrate on reconnect. With REFLEX_REDIS_URL set, Reflex
picks Redis itself, but only while `state_manager_mode` is left unset: so it is set only without Redis.
"""

import os

import reflex as rx

_state_manager = (
    {} if os.environ.get("REFLEX_REDIS_URL") else {"state_manager_mode": rx.constants.StateManagerMode.MEMORY}
)

config = rx.Config(
    app_name="pengaduan_app",
    db_url="sqlite:///pengaduan.db",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # No Radix Themes: every page is plain elements styled by assets/*.css, and its stylesheet alone
    # (85 KB compressed) was a fifth of each page's first load on a phone.
    disable_plugins=[rx.plugins.SitemapPlugin],
    **_state_manager,
)
