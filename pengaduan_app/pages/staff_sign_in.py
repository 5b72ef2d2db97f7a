"""`/staf/masuk`: officers sign in."""

import reflex as rx

from ..components.i18n import t
from ..components.post_form import post_form
from ..state.staff_auth import StaffState
from .template import public_page


@public_page("/staf/masuk", "page.staff_sign_in", on_load=StaffState.open_sign_in)
def staff_sign_in() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t("staff.sign_in_heading")),
        post_form(
            rx.el.div(
                rx.el.label(t("staff.username"), html_for="username", class_name="field-label"),
                rx.el.input(
                    id="username", name="username", auto_complete="username", class_name="input", required=True
                ),
                class_name="field",
            ),
            rx.el.div(
                rx.el.label(t("staff.password"), html_for="password", class_name="field-label"),
                rx.el.input(
                    id="password",
                    name="password",
                    type="password",
                    auto_complete="current-password",
                    class_name="input",
                    required=True,
                ),
                class_name="field",
            ),
            rx.cond(
                StaffState.sign_in_error != "",
                rx.el.p(StaffState.sign_in_error, role="alert", class_name="field-error", id="sign-in-error"),
            ),
            rx.el.input(type="hidden", name="next", value=StaffState.next_path),
            rx.el.button(t("staff.sign_in"), type="submit", class_name="button big", id="sign-in"),
            # The browser posts it: the server sets the HttpOnly session cookie (api/staff_session.py).
            action="/staf/sesi",
            class_name="card",
        ),
        class_name="form-page",
    )
