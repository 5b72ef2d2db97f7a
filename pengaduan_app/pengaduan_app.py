"""Builds the Reflex app: pages, API routes, styles and the overlay. Nothing else."""

import reflex as rx

from . import pages  # noqa: F401  (registers every page, the 404 page too)
from .api.app import build_api
from .api.body_limit import body_limit
from .api.compression import compression
from .api.security import security_headers
from .channels.lifespan import channels_lifespan
from .components.connection import connection_notice
from .components.i18n import t
from .components.installable import installable_head
from .i18n import DEFAULT_LANGUAGE
from .mail.digest_schedule import digest_lifespan
from .ops.logs import setup_logging
from .ops.middleware import observe

setup_logging()

app = rx.App(
    # bodies are limited before any route reads them; every text response leaves compressed
    api_transformer=[build_api(), body_limit, security_headers, compression, observe],
    stylesheets=["/styles.css", "/staff.css"],
    head_components=installable_head(),
    html_lang=DEFAULT_LANGUAGE,
    # The (screen-reader) name of the toast area in the visitor's language.
    toaster=rx.toast.provider(custom_attrs={"containerAriaLabel": t("nav.notifications")}),
)
app.register_lifespan_task(channels_lifespan)
app.register_lifespan_task(digest_lifespan)
# Connection trouble in the visitor's language, instead of Reflex's English pulser and toast.
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_notice() if stateful else None
