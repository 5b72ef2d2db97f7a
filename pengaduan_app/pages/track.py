"""`/lacak`: open a report by its tracking code."""

import reflex as rx

from ..components.fields import field
from ..components.i18n import t
from ..state.track import TrackState
from .template import public_page


@public_page("/lacak", "page.track")
def track() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t("track.heading")),
        rx.el.p(t("track.intro")),
        rx.el.form(
            field(
                "code",
                "track.label",
                rx.el.input(
                    id="code",
                    name="code",
                    placeholder="JKT-2611-483920",
                    auto_complete="off",
                    class_name="input",
                    aria_describedby="code-error",
                ),
                TrackState.errors,
            ),
            rx.cond(
                TrackState.not_open != "",
                rx.el.p(TrackState.not_open, role="status", class_name="private-notice", id="track-not-open"),
            ),
            rx.el.button(t("track.submit"), type="submit", class_name="button"),
            on_submit=TrackState.open_report,
            reset_on_submit=False,
            class_name="card",
        ),
        class_name="form-page",
    )
