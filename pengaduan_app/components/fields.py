"""Form fields with a visible label and the error message beside them."""

import reflex as rx

from .i18n import t


def field_error(errors: rx.Var, name: str) -> rx.Component:
    return rx.cond(
        errors.contains(name),
        rx.el.p(
            rx.icon("circle-alert", size=16, aria_hidden="true"),
            errors[name],
            id=f"{name}-error",
            role="alert",
            class_name="field-error",
        ),
    )


def field(name: str, label_key: str, control: rx.Component, errors: rx.Var, hint_key: str | None = None):
    """A labelled control; the control must carry id=`name`."""
    return rx.el.div(
        rx.el.label(t(label_key), html_for=name, class_name="field-label"),
        rx.cond(hint_key is not None, rx.el.p(t(hint_key or ""), id=f"{name}-hint", class_name="field-hint")),
        control,
        field_error(errors, name),
        class_name=rx.cond(errors.contains(name), "field has-error", "field"),
    )


def edit_form_footer(*, active, active_hint_key: str, save_id: str, editing, new_key: str, on_new) -> rx.Component:
    """The end of an admin's edit form (categories, templates): the active box, save, and "new" while editing."""
    return rx.fragment(
        rx.el.label(
            rx.el.input(type="checkbox", name="active", id="active", default_checked=active),
            " ",
            t(active_hint_key),
            class_name="config-check",
        ),
        rx.el.div(
            rx.el.button(t("config.save"), type="submit", class_name="button", id=save_id),
            rx.cond(editing, rx.el.button(t(new_key), type="button", on_click=on_new, class_name="button secondary")),
            class_name="action-row",
        ),
    )
