"""`/staf/kategori`: admins edit report categories (names, deadline, responsible agency, extra questions)."""

import reflex as rx

from ..components.fields import edit_form_footer, field
from ..components.i18n import t
from ..state.staff_categories import CategoriesState
from .staff_template import staff_page

C = CategoriesState


HEADS = ("config.name", "config.code", "config.sla_days", "config.unit", "config.questions", "config.reports")


def _cell(content, key: str) -> rx.Component:
    """A cell that names its column: on a phone each row is a card of named values (the name is its title)."""
    return rx.el.td(content, data_label=t(key), class_name="wrap" if key == "config.name" else "")


def _row(category: rx.Var) -> rx.Component:
    values = (category.name, rx.el.code(category.code), category.sla_days, category.unit,
              category.questions, category.reports)  # fmt: skip
    return rx.el.tr(
        *[_cell(value, key) for value, key in zip(values, HEADS, strict=True)],
        _cell(rx.cond(category.active, t("staff.active"), t("config.inactive")), "filter.status"),
        _cell(
            rx.el.button(
                t("config.edit"),
                on_click=C.edit(category.id),
                class_name="button secondary",
                id="edit-category-" + category.code,
            ),
            "staff.col.action",
        ),
    )


def _table() -> rx.Component:
    return rx.el.div(
        rx.el.table(
            rx.el.thead(
                rx.el.tr(*[rx.el.th(t(k), scope="col") for k in (*HEADS, "filter.status", "staff.col.action")])
            ),
            rx.el.tbody(rx.foreach(C.categories, _row)),
            class_name="queue",
            id="categories",
        ),
        class_name="table-scroll",
    )


def _text(name: str, label_key: str, **props) -> rx.Component:
    return field(
        name,
        label_key,
        rx.el.input(id=name, name=name, default_value=getattr(C.editing, name), class_name="input", **props),
        C.field_errors,
    )


def _category_form() -> rx.Component:
    editing = C.editing.id != ""
    return rx.el.form(
        rx.el.h2(rx.cond(editing, t("config.category_edit"), t("config.category_new"))),
        rx.el.input(type="hidden", name="id", value=C.editing.id),
        rx.cond(
            editing,
            rx.el.p(t("config.code"), ": ", rx.el.code(C.editing.code), class_name="field-hint"),
            _text("code", "config.code", max_length=40, auto_complete="off"),
        ),
        _text("name_id", "config.name_id", max_length=80),
        _text("name_en", "config.name_en", max_length=80),
        field(
            "sla_days",
            "config.sla_days_field",
            rx.el.input(
                id="sla_days",
                name="sla_days",
                input_mode="numeric",
                default_value=C.editing.sla_days,
                class_name="input",
                aria_describedby="sla_days-hint",
            ),
            C.field_errors,
            hint_key="config.sla_days_hint",
        ),
        field(
            "agency",
            "config.agency",
            rx.el.select(
                rx.el.option(t("config.unit_area"), value=""),
                rx.foreach(C.agency_choices, lambda a: rx.el.option(a.label, value=a.value)),
                id="agency",
                name="agency",
                default_value=C.editing.agency,
                class_name="input",
            ),
            C.field_errors,
            hint_key="config.agency_hint",
        ),
        edit_form_footer(
            active=C.editing.active,
            active_hint_key="config.active_hint",
            save_id="save-category",
            editing=editing,
            new_key="config.category_new",
            on_new=C.new_category,
        ),
        key=C.form_round.to(str),
        on_submit=C.save,
        class_name="card",
        id="category-form",
    )


def _question_row(question: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.strong(question.label),
        " ",
        rx.el.span("(", question.code, ", ", question.kind, ") ", question.detail, class_name="config-muted"),
        " ",
        rx.el.button(
            t("config.question_remove"),
            on_click=C.remove_question(question.id),
            class_name="button secondary",
            id="remove-question-" + question.code,
        ),
    )


def _question_text(name: str, label_key: str, **props) -> rx.Component:
    return field(name, label_key, rx.el.input(id=name, name=name, class_name="input", **props), C.field_errors)


def _questions() -> rx.Component:
    return rx.el.form(
        rx.el.h2(t("config.questions_heading")),
        rx.el.p(t("config.questions_hint"), class_name="field-hint"),
        rx.el.ul(rx.foreach(C.questions, _question_row), id="questions-list", class_name="config-list"),
        rx.el.h3(t("config.question_new")),
        rx.el.input(type="hidden", name="category_id", value=C.editing.id),
        _question_text("q_code", "config.code", max_length=40, auto_complete="off"),
        field(
            "q_datatype",
            "config.datatype",
            rx.el.select(
                rx.el.option(t("config.datatype.number"), value="number"),
                rx.el.option(t("config.datatype.singlevaluelist"), value="singlevaluelist"),
                id="q_datatype",
                name="q_datatype",
                class_name="input",
            ),
            C.field_errors,
        ),
        _question_text("q_label_id", "config.question_id", max_length=120),
        _question_text("q_label_en", "config.question_en", max_length=120),
        rx.el.div(
            _question_text("q_minimum", "config.minimum", input_mode="decimal"),
            _question_text("q_maximum", "config.maximum", input_mode="decimal"),
            class_name="field-pair",
        ),
        field(
            "q_choices",
            "config.choices",
            rx.el.textarea(id="q_choices", name="q_choices", rows=4, class_name="input"),
            C.field_errors,
            hint_key="config.choices_hint",
        ),
        rx.el.button(t("config.question_add"), type="submit", class_name="button", id="add-question"),
        key=C.form_round.to(str),
        on_submit=C.add_question,
        class_name="card",
        id="question-form",
    )


@staff_page("/staf/kategori", "page.staff_categories", on_load=CategoriesState.load)
def staff_categories() -> rx.Component:
    return rx.cond(
        C.allowed,
        rx.fragment(
            rx.el.h1(t("config.categories_heading")),
            rx.el.p(t("config.categories_intro")),
            rx.cond(C.message != "", rx.el.p(C.message, role="status", class_name="notice", id="config-message")),
            rx.cond(C.error != "", rx.el.p(C.error, role="alert", class_name="field-error", id="config-error")),
            _table(),
            _category_form(),
            rx.cond(C.editing.id != "", _questions()),
        ),
        rx.el.p(t("staff.not_allowed"), role="alert"),
    )
