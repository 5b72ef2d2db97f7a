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
