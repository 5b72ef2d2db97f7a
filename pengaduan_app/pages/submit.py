"""`/lapor`: the submission form. One column, one thumb: category, words, place, photos, who."""

import reflex as rx

from ..components.after_send import private_link_panel
from ..components.duplicate_panel import duplicate_panel
from ..components.i18n import t
from ..components.message_listener import message_listener
from ..components.report_form import report_form
from ..state.submit import SubmitState
from .template import public_page


def _success() -> rx.Component:
    return rx.el.div(
        rx.el.h2(t("form.success_title")),
        rx.el.p(t("form.success_body")),
        rx.el.p(SubmitState.result_code, class_name="tracking-code", id="tracking-code"),
        rx.cond(
            SubmitState.private_link != "",
            private_link_panel(SubmitState.private_link, SubmitState.whatsapp_link, SubmitState.result_code),
        ),
        rx.cond(SubmitState.link_mailed, rx.el.p(t("form.private_link_mailed"), id="link-mailed")),
        rx.el.div(
            rx.el.a(
                t("form.open_report"),
                href=rx.cond(
                    SubmitState.private_path != "", SubmitState.private_path, "/laporan/" + SubmitState.result_code
                ),
                class_name="button",
                id="open-report",
            ),
            rx.el.button(
                t("form.another"),
                type="button",
                class_name="button secondary",
                id="report-another",
                on_click=SubmitState.start_again,
            ),
            class_name="location-row",
        ),
        class_name="success",
        role="status",
    )


@public_page("/lapor", "page.submit", on_load=SubmitState.load)
def submit_page() -> rx.Component:
    return rx.el.div(
        message_listener(on_message=SubmitState.receive_message),
        rx.el.h1(t("form.heading")),
        rx.cond(
            SubmitState.result_code != "",
            _success(),
            report_form(
                SubmitState,
                intro_key="form.intro",
                photos_key="form.photos",
                about_key="form.about_you",
                after_location=duplicate_panel(),
            ),
        ),
        class_name="form-page",
    )
