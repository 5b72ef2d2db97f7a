"""Builds the Reflex app: pages, API routes and styles. Nothing else."""

import reflex as rx

from . import pages  # noqa: F401  (registers every page, the 404 page too)
from .api.app import build_api
from .api.compression import compression
from .api.security import security_headers
from .channels.lifespan import channels_lifespan
from .components.installable import installable_head
from .i18n import DEFAULT_LANGUAGE

app = rx.App(
    api_transformer=[build_api(), security_headers, compression],
    stylesheets=["/styles.css", "/staff.css"],
    head_components=installable_head(),
    html_lang=DEFAULT_LANGUAGE,
)
app.register_lifespan_task(channels_lifespan)
