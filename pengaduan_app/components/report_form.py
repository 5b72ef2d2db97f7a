"""The report form shared by the citizen's page (/lapor) and the kecamatan desk (/staf/loket).

Each builder takes the state class (built on state.report_form.ReportFormState)
whose fields it shows; the class names its upload id in `upload_id`.
"""

import reflex as rx

from ..domain.privacy import PRIVACY_CHOICES
from .fields import field, field_error
from .geolocation import geolocate
from .i18n import t
from .photo_picker import photo_picker, send_button


def _text_input(S, name: str, **props) -> rx.Component:
    return rx.debounce_input(
        rx.el.input(
            id=name,
            name=name,
            value=getattr(S, name),
            on_change=lambda value: S.set_text(name, value),
            class_name="input",
            aria_describedby=f"{name}-error",
            **props,
        ),
        debounce_timeout=250,
    )


def _category(S) -> rx.Component:
    return field(
        "category",
        "form.category",
        rx.el.select(
            rx.el.option(t("form.category_choose"), value=""),
            rx.foreach(S.categories, lambda c: rx.el.option(c.label, value=c.value)),
            id="category",
            value=S.category,
            on_change=S.set_category,
            class_name="input",
            aria_describedby="category-error",
        ),
        S.errors,
    )


def _question(S, question: rx.Var) -> rx.Component:
    """One extra question of the chosen category (optional): a number, or one answer from a list."""
    name = question.field
    code = question.code
    control = rx.cond(
        question.datatype == "number",
        rx.el.input(
            id=name,
            value=S.answers.get(code, ""),
            on_change=lambda value: S.set_answer(code, value),
            input_mode="decimal",
            class_name="input",
        ),
        rx.el.select(
            rx.el.option("—", value=""),
            rx.foreach(S.question_choices[code], lambda c: rx.el.option(c.label, value=c.value)),
            id=name,
            value=S.answers.get(code, ""),
            on_change=lambda value: S.set_answer(code, value),
            class_name="input",
        ),
    )
    return rx.el.div(
        rx.el.label(question.label, html_for=name, class_name="field-label"),
        control,
        rx.cond(
            S.errors.contains(name),
            rx.el.p(S.errors[name], id=name + "-error", role="alert", class_name="field-error"),
        ),
        class_name="field",
    )


def _questions(S) -> rx.Component:
    return rx.cond(
        S.questions.length() > 0,
        rx.el.fieldset(
            rx.el.legend(t("form.questions")),
            rx.el.p(t("form.questions_hint"), class_name="field-hint"),
            rx.foreach(S.questions, lambda q: _question(S, q)),
            id="questions",
        ),
    )


def _description(S) -> rx.Component:
    return field(
        "description",
        "form.description",
        rx.debounce_input(
            rx.el.textarea(
                id="description",
                name="description",
                value=S.description,
                on_change=lambda value: S.set_text("description", value),
                class_name="input",
                rows=5,
                aria_describedby="description-hint description-error",
            ),
            debounce_timeout=250,
        ),
        S.errors,
        hint_key="form.description_hint",
    )


def _location(S) -> rx.Component:
    return rx.el.div(
        rx.el.p(t("form.location"), id="location-label", class_name="field-label"),
        rx.el.p(t("form.location_hint"), class_name="field-hint", id="location-hint"),
        rx.el.iframe(
            src=S.picker_src,
            id="picker",
            title=t("form.location_map"),
            class_name="picker-frame",
        ),
        rx.el.div(
            rx.el.button(
                rx.icon("locate-fixed", size=18, aria_hidden="true"),
                t("form.use_my_location"),
                type="button",
                class_name="button secondary",
                id="use-my-location",
                on_click=geolocate("pengaduan:location", picker_frame="picker"),
            ),
            rx.el.span(
                rx.cond(
                    S.has_location,
                    rx.el.span(
                        t("form.location_chosen"),
                        ": ",
                        S.location_text,
                        rx.cond(S.area_label != "", rx.el.span(" · ", S.area_label)),
                    ),
                    t("form.location_none"),
                ),
                id="location-chosen",
                class_name="location-chosen",
                aria_live="polite",
            ),
            class_name="location-row",
        ),
        field_error(S.errors, "location"),
        class_name=rx.cond(S.errors.contains("location"), "field has-error", "field"),
        role="group",
        aria_labelledby="location-label",
    )


def _photos(S, photos_key: str) -> rx.Component:
    return rx.el.div(
        rx.el.p(t(photos_key), id="photos-label", class_name="field-label"),
        rx.el.p(t("form.photos_hint"), class_name="field-hint"),
        photo_picker(S.upload_id, "photos-label", picker_frame="picker", on_drop_rejected=S.photos_rejected),
        field_error(S.errors, "photos"),
        class_name=rx.cond(S.errors.contains("photos"), "field has-error", "field"),
        role="group",
        aria_labelledby="photos-label",
    )


def _privacy_choice(S, choice: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="radio",
            name="privacy",
            value=choice,
            checked=S.privacy == choice,
            on_change=S.set_privacy(choice),
            id=f"privacy-{choice}",
        ),
        rx.el.span(t(f"privacy.{choice}"), rx.el.small(t(f"privacy.{choice}_hint"))),
        class_name="choice",
    )


def _privacy(S, hint_key: str | None) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(t("form.privacy")),
        *([rx.el.p(t(hint_key), class_name="field-hint", id="privacy-hint")] if hint_key else []),
        *[_privacy_choice(S, choice) for choice in PRIVACY_CHOICES],
        field_error(S.errors, "privacy"),
        class_name=rx.cond(S.errors.contains("privacy"), "has-error", ""),
        id="privacy",
    )


def report_form(
    S,
    *,
    intro_key: str,
    photos_key: str,
    about_key: str,
    after_location: rx.Component | None = None,
    privacy_hint_key: str | None = None,
) -> rx.Component:
    """The whole form for a state class built on state.report_form.ReportFormState.

    `after_location` goes right below the place (the citizen's form shows reports already filed there);
    `privacy_hint_key` a line under the privacy question (the desk: choose it with the citizen).
    """
    errors = S.errors
    return rx.el.div(
        rx.el.p(t(intro_key)),
        _category(S),
        _questions(S),
        field("title", "form.title", _text_input(S, "title", max_length=120, auto_complete="off"), errors),
        _description(S),
        _location(S),
        after_location or rx.fragment(),
        field(
            "address", "form.address", _text_input(S, "address", max_length=200), errors, hint_key="form.address_hint"
        ),
        _photos(S, photos_key),
        rx.el.fieldset(
            rx.el.legend(t(about_key)),
            rx.el.p(t("form.about_you_hint"), class_name="field-hint"),
            field("reporter_name", "form.name", _text_input(S, "reporter_name", auto_complete="name"), errors),
            field(
                "reporter_contact",
                "form.contact",
                _text_input(S, "reporter_contact", auto_complete="email"),
                errors,
                hint_key="form.contact_hint",
            ),
        ),
        _privacy(S, privacy_hint_key),
        # A message about the whole form (e.g. a submission limit) where the button is; else, if fields have
        # messages, a pointer to them.
        rx.cond(
            errors.contains("form"),
            field_error(errors, "form"),
            rx.cond(
                errors.length() > 0,
                rx.el.p(t("form.has_errors"), role="alert", class_name="field-error", id="form-errors"),
            ),
        ),
        send_button(
            S.upload_id,
            rx.cond(S.submitting, t("form.sending"), t("form.submit")),
            S.submit(rx.upload_files(upload_id=S.upload_id)),
            button_id="submit-report",
            disabled=S.submitting,
        ),
        class_name="card",
    )
