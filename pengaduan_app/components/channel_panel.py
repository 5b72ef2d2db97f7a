"""On the staff page of a report filed on WhatsApp, e-mail or SMS: the person's channel and contact, a
message to them through it, and blocking the sender. Absent for other reports."""

import reflex as rx

from ..domain.handling import MESSAGE_MAX
from ..state.channel_panel import StaffChannelState
from ..state.staff_report import StaffReportState
from .i18n import t

C = StaffChannelState


def channel_panel() -> rx.Component:
    """Loads itself when shown (and again for another report: the key changes with the code)."""
    return rx.el.div(
        rx.cond(
            C.shown,
            rx.el.section(
                rx.el.h2(C.heading),
                rx.el.p(
                    t("channel.staff.address"), ": ", rx.el.span(C.address, class_name="mono", id="channel-address")
                ),
                rx.cond(
                    C.blocked,
                    rx.el.p(t("channel.staff.blocked"), role="status", class_name="tag internal", id="channel-blocked"),
                ),
                rx.cond(C.message != "", rx.el.p(C.message, role="status", class_name="notice", id="channel-notice")),
                rx.cond(C.error != "", rx.el.p(C.error, role="alert", class_name="field-error", id="channel-error")),
                rx.el.label(t("channel.staff.message"), html_for="channel-text", class_name="field-label"),
                rx.el.p(C.hint, class_name="field-hint"),
                rx.debounce_input(
                    rx.el.textarea(
                        id="channel-text",
                        value=C.text,
                        on_change=C.set_text,
                        class_name="input",
                        rows=3,
                        max_length=MESSAGE_MAX,
                    ),
                    debounce_timeout=250,
                ),
                rx.el.div(
                    rx.el.button(t("channel.staff.send"), on_click=C.send, class_name="button", id="channel-send"),
                    rx.el.button(
                        rx.cond(C.blocked, t("channel.staff.unblock"), t("channel.staff.block")),
                        on_click=C.toggle_block,
                        class_name="button secondary",
                        id="channel-block",
                    ),
                    class_name="action-row",
                ),
                class_name="card",
                id="channel-panel",
            ),
        ),
        on_mount=C.load,
        key=StaffReportState.report.code,
    )
