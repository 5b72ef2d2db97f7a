"""The app's overlay: when the page loses its connection to the server, say so in the visitor's language.

Replaces Reflex's default overlay, whose pulsing icon and toast speak English only.
"""

import reflex as rx
from reflex_components_core.core.banner import has_too_many_connection_errors

from .i18n import t


def connection_notice() -> rx.Component:
    return rx.cond(
        has_too_many_connection_errors,
        rx.el.div(
            rx.icon("wifi-off", size=20, aria_hidden="true"),
            rx.el.span(t("connection.lost")),
            role="alert",
            id="connection-lost",
            class_name="connection-lost",
        ),
    )
