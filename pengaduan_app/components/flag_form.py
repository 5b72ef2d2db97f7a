"""The "Laporkan konten tidak pantas" button under a public report, opening a short form for every visitor."""

import reflex as rx

from ..domain.flags import FLAG_COMMENT_MAX, FLAG_REASONS
from ..state.flag_form import FlagState
from .i18n import t


def _fields(code: rx.Var) -> rx.Component:
    return rx.el.form(
        rx.el.p(t("moderation.flag.intro"), class_name="field-hint"),
        rx.el.div(
            rx.el.label(t("moderation.flag.reason"), html_for="flag-reason", class_name="field-label"),
            rx.el.select(
                rx.el.option(t("moderation.flag.choose"), value=""),
                *[rx.el.option(t(key), value=reason) for reason, key in FLAG_REASONS.items()],
                id="flag-reason",
                name="reason",
                default_value="",
                required=True,
                class_name="input",
            ),
            class_name="field",
        ),
        rx.el.div(
            rx.el.label(t("moderation.flag.comment"), html_for="flag-comment", class_name="field-label"),
            rx.el.p(t("moderation.flag.comment_hint"), id="flag-comment-hint", class_name="field-hint"),
            rx.el.textarea(
                id="flag-comment",
                name="comment",
                max_length=FLAG_COMMENT_MAX,
                rows=3,
                aria_describedby="flag-comment-hint",
                class_name="input",
            ),
            class_name="field",
        ),
        rx.cond(
            FlagState.errors.contains(code),
            rx.el.p(FlagState.errors[code], role="alert", class_name="field-error", id="flag-error"),
        ),
        rx.el.button(t("moderation.flag.send"), type="submit", class_name="button", id="flag-send"),
        on_submit=lambda form: FlagState.submit(code, form),
        style={"margin_top": "8px"},
    )


def flag_form(code: rx.Var) -> rx.Component:
    """The flag disclosure for the report whose tracking code is `code`."""
    is_open = FlagState.open_for == code
    return rx.el.div(
        rx.el.button(
            rx.icon("flag", size=18, aria_hidden="true"),
            t("moderation.flag.open"),
            type="button",
            on_click=FlagState.toggle(code),
            aria_expanded=rx.cond(is_open, "true", "false"),
            aria_controls="flag-panel",
            class_name="button secondary",
            id="flag-open",
        ),
        rx.el.div(
            rx.cond(
                is_open,
                rx.cond(
                    FlagState.sent.contains(code),
                    rx.el.p(t("moderation.flag.thanks"), role="status", class_name="success", id="flag-thanks"),
                    _fields(code),
                ),
            ),
            id="flag-panel",
        ),
        id="flag",
    )
