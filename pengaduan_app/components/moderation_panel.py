"""The moderation tools on the staff page of one report: hide it, redact text, hide a reply, paint over part
of a photo; admins also see the redactions with a link to each original."""

import reflex as rx

from ..domain.flags import FLAG_REASONS
from ..domain.moderation import REASON_MAX
from ..state.moderation_panel import BOX_FIELDS, TARGET_KEYS, StaffModerationState
from ..state.staff_auth import StaffState
from ..state.staff_report import StaffReportState
from .confirm_dialog import confirm_dialog, undo_bar
from .i18n import t

M = StaffModerationState
BOX_LABELS = {
    "x": "moderation.box.x",
    "y": "moderation.box.y",
    "w": "moderation.box.w",
    "h": "moderation.box.h",
}


def _reason(control_id: str) -> rx.Component:
    return rx.el.div(
        rx.el.label(t("moderation.reason_label"), html_for=control_id, class_name="field-label"),
        rx.el.input(id=control_id, name="reason", required=True, max_length=REASON_MAX, class_name="input"),
        class_name="field",
    )


def _tool(summary_key: str, *children, **props) -> rx.Component:
    return rx.el.details(rx.el.summary(t(summary_key)), rx.el.form(*children, **props), class_name="card")


def _visibility() -> rx.Component:
    return rx.cond(
        M.hidden,
        rx.el.form(
            rx.el.p(t("moderation.report_hidden"), role="status", id="moderation-visibility"),
            _reason("unhide-reason"),
            rx.el.button(t("moderation.unhide"), type="submit", class_name="button", id="unhide-report"),
            on_submit=M.unhide,
        ),
        rx.el.form(
            rx.el.p(t("moderation.report_public"), id="moderation-visibility"),
            _reason("hide-report-reason"),
            rx.el.button(t("moderation.hide"), type="submit", class_name="button danger", id="hide-report"),
            on_submit=M.ask_hide,
        ),
    )


def _redact_text() -> rx.Component:
    return _tool(
        "moderation.redact_text",
        rx.el.label(t("moderation.text_target"), html_for="redact-target", class_name="field-label"),
        rx.el.select(
            *[rx.el.option(t(key), value=target) for target, key in TARGET_KEYS.items()],
            id="redact-target",
            name="target",
            value=M.text_target,
            on_change=M.set_text_target,
            class_name="input",
        ),
        rx.el.label(t("moderation.new_text"), html_for="redact-text", class_name="field-label"),
        rx.el.p(t("moderation.new_text_hint"), id="redact-text-hint", class_name="field-hint"),
        rx.el.textarea(
            id="redact-text",
            name="text",
            value=M.new_text,
            on_change=M.set_new_text,
            aria_describedby="redact-text-hint",
            rows=4,
            class_name="input",
        ),
        _reason("redact-text-reason"),
        rx.el.button(t("moderation.redact_save"), type="submit", class_name="button", id="redact-text-save"),
        on_submit=M.redact_text,
    )


def _hide_step() -> rx.Component:
    return _tool(
        "moderation.hide_step",
        rx.cond(
            M.steps.length() > 0,
            rx.fragment(
                rx.el.label(t("moderation.step"), html_for="hide-step", class_name="field-label"),
                rx.el.select(
                    rx.el.option(t("moderation.choose_step"), value=""),
                    rx.foreach(M.steps, lambda s: rx.el.option(s.label, value=s.value)),
                    id="hide-step",
                    name="step",
                    default_value="",
                    required=True,
                    class_name="input",
                ),
                _reason("hide-step-reason"),
                rx.el.button(t("moderation.hide_step"), type="submit", class_name="button", id="hide-step-save"),
            ),
            rx.el.p(t("moderation.no_steps"), class_name="field-hint"),
        ),
        on_submit=M.hide_step,
    )


def _box_input(name: str) -> rx.Component:
    control_id = f"box-{name}"
    return rx.el.div(
        rx.el.label(t(BOX_LABELS[name]), html_for=control_id, class_name="field-label"),
        rx.el.input(
            id=control_id,
            name=name,
            type="number",
            min=0,
            max=100,
            step=1,
            input_mode="decimal",
            value=M.box[name],
            on_change=lambda value: M.set_box(name, value),
            class_name="input",
        ),
        # Not `.field`, whose row rule (200 px each) would put one to a row on a phone: two fit.
        style={"flex": "1 1 120px", "min_width": "0"},
    )


def _preview() -> rx.Component:
    """The chosen photo with the box drawn over it, to check the numbers before saving."""
    box = {name: M.box[name].to(str) + "%" for name in BOX_FIELDS}
    return rx.cond(
        M.preview != "",
        rx.el.div(
            rx.el.img(src=M.preview, alt=t("moderation.preview"), style={"display": "block", "width": "100%"}),
            rx.el.div(
                aria_hidden="true",
                style={
                    "position": "absolute",
                    "left": box["x"],
                    "top": box["y"],
                    "width": box["w"],
                    "height": box["h"],
                    "background": "rgba(0, 0, 0, .8)",
                    "outline": "2px solid #facc15",
                },
            ),
            id="redact-preview",
            style={"position": "relative", "max_width": "240px", "margin": "8px 0"},
        ),
    )


def _redact_photo() -> rx.Component:
    return _tool(
        "moderation.redact_photo",
        rx.cond(
            M.photos.length() > 0,
            rx.fragment(
                rx.el.label(t("moderation.photo"), html_for="redact-photo", class_name="field-label"),
                rx.el.select(
                    rx.foreach(M.photos, lambda p: rx.el.option(p.label, value=p.value)),
                    id="redact-photo",
                    name="photo",
                    value=M.photo_id,
                    on_change=M.set_photo,
                    class_name="input",
                ),
                rx.el.p(t("moderation.box_hint"), class_name="field-hint"),
                rx.el.div(*[_box_input(name) for name in BOX_FIELDS], class_name="action-row"),
                _preview(),
                _reason("redact-photo-reason"),
                rx.el.button(t("moderation.redact_photo"), type="submit", class_name="button", id="redact-photo-save"),
            ),
            rx.el.p(t("moderation.no_photos"), class_name="field-hint"),
        ),
        on_submit=M.redact_photo,
    )


def _redactions() -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("moderation.redactions")),
        rx.el.ul(
            rx.foreach(
                M.redactions,
                lambda r: rx.el.li(
                    rx.el.strong(r.target),
                    " · ",
                    r.reason,
                    rx.el.div(r.when, " · ", r.actor, class_name="when"),
                    rx.el.a(t("moderation.original"), href=r.href, target="_blank", rel="noopener"),
                ),
            ),
            class_name="timeline",
            id="redactions",
        ),
        class_name="card",
    )


def _ask_moderators() -> rx.Component:
    """What an officer of the report's own unit gets instead of the tools: a request to the moderators."""
    return rx.el.section(
        rx.el.h2(t("moderation.ask_heading")),
        rx.el.p(t("moderation.ask_hint"), class_name="hint"),
        rx.cond(M.message != "", rx.el.p(M.message, role="status", class_name="notice", id="ask-done")),
        rx.cond(M.error != "", rx.el.p(M.error, role="alert", class_name="field-error", id="moderation-error")),
        rx.el.form(
            rx.el.div(
                rx.el.label(t("moderation.ask_reason"), html_for="ask-flag-reason", class_name="field-label"),
                rx.el.select(
                    *[rx.el.option(t(key), value=reason) for reason, key in FLAG_REASONS.items()],
                    id="ask-flag-reason",
                    name="flag_reason",
                    class_name="input",
                ),
                class_name="field",
            ),
            _reason("ask-reason"),
            rx.el.button(t("moderation.ask_send"), type="submit", class_name="button", id="ask-moderators"),
            on_submit=M.ask_moderators,
            reset_on_submit=True,
        ),
        class_name="card",
        id="ask-moderators-panel",
    )


def moderation_panel() -> rx.Component:
    """Loads itself when shown (and again for another report: the key changes with the code)."""
    return rx.el.div(
        rx.cond(
            M.allowed,
            rx.el.section(
                rx.el.h2(t("moderation.panel_heading")),
                rx.cond(M.flags != "", rx.el.p(t("moderation.open_flags"), ": ", M.flags, id="moderation-flags")),
                rx.cond(M.message != "", rx.el.p(M.message, role="status", class_name="notice")),
                rx.cond(M.error != "", rx.el.p(M.error, role="alert", class_name="field-error", id="moderation-error")),
                undo_bar(M, M.undo_hide, "hide-undo"),
                _visibility(),
                confirm_dialog(M, "moderation.hide", M.hide, "hide-dialog"),
                _redact_text(),
                _hide_step(),
                _redact_photo(),
                rx.cond(StaffState.is_admin & (M.redactions.length() > 0), _redactions()),
                class_name="card",
                id="moderation-panel",
            ),
            rx.cond(M.may_flag, _ask_moderators()),
        ),
        on_mount=M.load,
        key=StaffReportState.report.code,
    )
