"""`/staf/loket`: the kecamatan complaint desk files a complaint for a citizen who came in person."""

import reflex as rx

from ..components.i18n import t
from ..components.message_listener import message_listener
from ..components.report_form import report_form
from ..state.staff_desk import DeskState
from .staff_template import staff_page


@staff_page("/staf/loket", "page.staff_desk", on_load=DeskState.load)
def staff_desk() -> rx.Component:
    return rx.el.div(
        message_listener(on_message=DeskState.receive_message),
        rx.el.h1(t("desk.heading")),
        report_form(
            DeskState,
            intro_key="desk.intro",
            photos_key="desk.photos",
            about_key="desk.citizen",
            privacy_hint_key="desk.privacy_hint",
        ),
        class_name="form-page",
    )
