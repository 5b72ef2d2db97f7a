"""`/staf/templat`: admins add, edit and deactivate the response templates officers reply from."""

import reflex as rx

from ..components.fields import edit_form_footer, field
from ..components.i18n import t
from ..state.staff_templates import TemplatesState
from .staff_template import staff_page

T = TemplatesState


def _row(template: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(template.title, class_name="wrap"),
        rx.el.td(template.text, data_label=t("config.text"), class_name="template-text"),
        rx.el.td(rx.cond(template.active, t("staff.active"), t("config.inactive")), data_label=t("filter.status")),
        rx.el.td(
            rx.el.button(
                t("config.edit"),
                on_click=T.edit(template.id),
                class_name="button secondary",
                id="edit-template-" + template.code,
            ),
            data_label=t("staff.col.action"),
        ),
    )


def _input(name: str, label_key: str, **props) -> rx.Component:
    return field(
        name,
        label_key,
        rx.el.input(id=name, name=name, default_value=getattr(T.editing, name), class_name="input", **props),
        T.field_errors,
    )


def _textarea(name: str, label_key: str) -> rx.Component:
    return field(
        name,
        label_key,
        rx.el.textarea(
            id=name, name=name, default_value=getattr(T.editing, name), rows=3, max_length=1000, class_name="input"
        ),
        T.field_errors,
    )


def _form() -> rx.Component:
    editing = T.editing.id != ""
    return rx.el.form(
        rx.el.h2(rx.cond(editing, t("config.template_edit"), t("config.template_new"))),
        rx.el.input(type="hidden", name="id", value=T.editing.id),
        rx.cond(
            editing,
            rx.el.p(t("config.code"), ": ", rx.el.code(T.editing.code), class_name="field-hint"),
            _input("code", "config.code", max_length=40, auto_complete="off"),
        ),
        _input("title_id", "config.title_id", max_length=80),
        _input("title_en", "config.title_en", max_length=80),
        _textarea("text_id", "config.text_id"),
        _textarea("text_en", "config.text_en"),
        edit_form_footer(
            active=T.editing.active,
            active_hint_key="config.template_active_hint",
            save_id="save-template",
            editing=editing,
            new_key="config.template_new",
            on_new=T.new_template,
        ),
        key=T.form_round.to(str),
        on_submit=T.save,
        class_name="card",
        id="template-form",
    )


@staff_page("/staf/templat", "page.staff_templates", on_load=TemplatesState.load)
def staff_templates() -> rx.Component:
    return rx.cond(
        T.allowed,
        rx.fragment(
            rx.el.h1(t("config.templates_heading")),
            rx.el.p(t("config.templates_intro")),
            rx.cond(T.message != "", rx.el.p(T.message, role="status", class_name="notice", id="config-message")),
            rx.cond(T.error != "", rx.el.p(T.error, role="alert", class_name="field-error", id="config-error")),
            rx.el.div(
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(
                            *[
                                rx.el.th(t(k), scope="col")
                                for k in ("config.title", "config.text", "filter.status", "staff.col.action")
                            ]
                        )
                    ),
                    rx.el.tbody(rx.foreach(T.templates, _row)),
                    class_name="queue",
                    id="templates",
                ),
                class_name="table-scroll",
            ),
            _form(),
        ),
        rx.el.p(t("staff.not_allowed"), role="alert"),
    )
