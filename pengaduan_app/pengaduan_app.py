"""Builds the Reflex app: pages, API routes, styles and the overlay. Nothing else."""

import reflex as rx

from . import pages  # noqa: F401  (registers every page, the 404 page too)
from .api.app import build_api
from .api.security import security_headers
from .components.connection import connection_notice
from .components.i18n import t
from .i18n import DEFAULT_LANGUAGE

app = rx.App(
    api_transformer=[build_api(), security_headers],
    stylesheets=["/styles.css", "/staff.css"],
    theme=rx.theme(appearance="light", accent_color="grass", has_background=False),
    html_lang=DEFAULT_LANGUAGE,
    # The (screen-reader) name of the toast area in the visitor's language.
    toaster=rx.toast.provider(custom_attrs={"containerAriaLabel": t("nav.notifications")}),
)
# Connection trouble in the visitor's language, instead of Reflex's English pulser and toast.
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_notice() if stateful else None
