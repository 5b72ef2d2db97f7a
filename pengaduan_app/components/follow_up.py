"""On the public report page: follow it, and for its reporter, confirm the fix or reopen it."""

import reflex as rx

from ..state.follow_up import FollowUpState
from ..state.report import ReportState
from .i18n import t

F = FollowUpState


def _follow() -> rx.Component:
    return rx.el.div(
        rx.el.button(
            rx.icon("bell", size=18, aria_hidden="true"),
            rx.cond(F.following, t("follow.following"), t("follow.follow")),
            type="button",
            aria_pressed=rx.cond(F.following, "true", "false"),
            on_click=F.toggle_follow,
            class_name="button secondary",
            id="follow-button",
        ),
        rx.el.span(t("follow.hint"), class_name="field-hint"),
        class_name="location-row",
    )


def _rating_choice(value: int) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="radio", name="rating", value=str(value), id=f"rating-{value}", required=True),
        rx.el.span(str(value), " ", "★" * value, aria_hidden="true"),
        rx.el.span(t(f"follow.rating_{value}"), class_name="sr-only"),
        class_name="choice",
    )


def _respond() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("follow.reporter_heading")),
        rx.el.p(t("follow.reporter_intro")),
        rx.el.form(
            rx.el.fieldset(
                rx.el.legend(t("follow.rating_legend")),
                *[_rating_choice(v) for v in range(1, 6)],
            ),
            rx.el.button(t("follow.confirm"), type="submit", class_name="button", id="confirm-fixed"),
            on_submit=F.confirm,
        ),
        rx.el.form(
            rx.el.label(t("follow.reopen_reason"), html_for="reopen-reason", class_name="field-label"),
            rx.el.textarea(id="reopen-reason", name="reason", class_name="input", rows=3, required=True),
            rx.el.button(t("follow.reopen"), type="submit", class_name="button secondary", id="reopen-report"),
            on_submit=F.reopen,
        ),
        class_name="card",
        id="reporter-panel",
    )


def follow_up_panel() -> rx.Component:
    """Loads itself when shown, again for another report (the key changes with the code)."""
    return rx.el.div(
        rx.cond(~ReportState.report.duplicate, _follow()),  # a duplicate's news is on the original
        rx.cond(F.message != "", rx.el.p(F.message, role="status", class_name="notice", id="follow-message")),
        rx.cond(F.error != "", rx.el.p(F.error, role="alert", class_name="field-error", id="follow-error")),
        rx.cond(F.can_respond & (ReportState.report.status == "done"), _respond()),
        on_mount=F.load,
        key=ReportState.report.code,
    )
