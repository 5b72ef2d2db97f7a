"""`/lapor`: the submission form. One column, one thumb: category, words, place, photos, who."""

import reflex as rx

from ..components.fields import field, field_error
from ..components.i18n import t
from ..components.message_listener import message_listener
from ..domain.privacy import PRIVACY_CHOICES
from ..state.submit import UPLOAD_ID, SubmitState
from .template import public_page

PHOTO_TYPES = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]}

GEOLOCATE_JS = """
(function () {
  var post = function (m) { window.postMessage(m, window.location.origin); };
  if (!navigator.geolocation) { post({type: 'pengaduan:geo-error', reason: 'unsupported'}); return; }
  navigator.geolocation.getCurrentPosition(function (p) {
    var m = {lat: p.coords.latitude, lng: p.coords.longitude};
    var frame = document.getElementById('picker');
    if (frame) { frame.contentWindow.postMessage({type: 'pengaduan:set-location', lat: m.lat, lng: m.lng}, '*'); }
    post({type: 'pengaduan:location', lat: m.lat, lng: m.lng});
  }, function (e) { post({type: 'pengaduan:geo-error', reason: String(e.code)}); },
  {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
})();
"""


def _text_input(name: str, **props) -> rx.Component:
    return rx.debounce_input(
        rx.el.input(
            id=name,
            name=name,
            value=getattr(SubmitState, name),
            on_change=lambda value: SubmitState.set_text(name, value),
            class_name="input",
            aria_describedby=f"{name}-error",
            **props,
        ),
        debounce_timeout=250,
    )


def _category() -> rx.Component:
    return field(
        "category",
        "form.category",
        rx.el.select(
            rx.el.option(t("form.category_choose"), value=""),
            rx.foreach(SubmitState.categories, lambda c: rx.el.option(c["name"], value=c["code"])),
            id="category",
            value=SubmitState.category,
            on_change=SubmitState.set_category,
            class_name="input",
            aria_describedby="category-error",
        ),
        SubmitState.errors,
    )


def _description() -> rx.Component:
    return field(
        "description",
        "form.description",
        rx.debounce_input(
            rx.el.textarea(
                id="description",
                name="description",
                value=SubmitState.description,
                on_change=lambda value: SubmitState.set_text("description", value),
                class_name="input",
                rows=5,
                aria_describedby="description-hint description-error",
            ),
            debounce_timeout=250,
        ),
        SubmitState.errors,
        hint_key="form.description_hint",
    )


def _location() -> rx.Component:
    return rx.el.div(
        rx.el.p(t("form.location"), id="location-label", class_name="field-label"),
        rx.el.p(t("form.location_hint"), class_name="field-hint", id="location-hint"),
        rx.el.iframe(
            src="/peta/pilih",
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
                on_click=rx.call_script(GEOLOCATE_JS),
            ),
            rx.el.span(
                rx.cond(
                    SubmitState.has_location,
                    rx.el.span(
                        t("form.location_chosen"),
                        ": ",
                        SubmitState.location_text,
                        rx.cond(SubmitState.area_label != "", rx.el.span(" · ", SubmitState.area_label)),
                    ),
                    t("form.location_none"),
                ),
                id="location-chosen",
                class_name="location-chosen",
                aria_live="polite",
            ),
            class_name="location-row",
        ),
        field_error(SubmitState.errors, "location"),
        class_name=rx.cond(SubmitState.errors.contains("location"), "field has-error", "field"),
        role="group",
        aria_labelledby="location-label",
    )


def _photos() -> rx.Component:
    return rx.el.div(
        rx.el.p(t("form.photos"), id="photos-label", class_name="field-label"),
        rx.el.p(t("form.photos_hint"), class_name="field-hint"),
        rx.upload(
            rx.el.div(
                rx.icon("camera", size=28, aria_hidden="true"),
                rx.el.p(t("form.photos_pick")),
                class_name="dropzone",
            ),
            id=UPLOAD_ID,
            accept=PHOTO_TYPES,
            multiple=True,
            on_drop_rejected=SubmitState.photos_rejected,
            aria_labelledby="photos-label",
            border="none",
            padding="0",
        ),
        rx.el.ul(rx.foreach(rx.selected_files(UPLOAD_ID), lambda name: rx.el.li(name)), class_name="selected-files"),
        field_error(SubmitState.errors, "photos"),
        class_name=rx.cond(SubmitState.errors.contains("photos"), "field has-error", "field"),
        role="group",
        aria_labelledby="photos-label",
    )


def _privacy_choice(choice: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="radio",
            name="privacy",
            value=choice,
            checked=SubmitState.privacy == choice,
            on_change=SubmitState.set_privacy(choice),
            id=f"privacy-{choice}",
        ),
        rx.el.span(t(f"privacy.{choice}"), rx.el.small(t(f"privacy.{choice}_hint"))),
        class_name="choice",
    )


def _privacy() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(t("form.privacy")),
        *[_privacy_choice(choice) for choice in PRIVACY_CHOICES],
        field_error(SubmitState.errors, "privacy"),
    )


def _form() -> rx.Component:
    errors = SubmitState.errors
    return rx.el.div(
        rx.el.p(t("form.intro")),
        _category(),
        field("title", "form.title", _text_input("title", max_length=120, auto_complete="off"), errors),
        _description(),
        _location(),
        field("address", "form.address", _text_input("address", max_length=200), errors, hint_key="form.address_hint"),
        _photos(),
        rx.el.fieldset(
            rx.el.legend(t("form.about_you")),
            rx.el.p(t("form.about_you_hint"), class_name="field-hint"),
            field("reporter_name", "form.name", _text_input("reporter_name", auto_complete="name"), errors),
            field(
                "reporter_contact",
                "form.contact",
                _text_input("reporter_contact", auto_complete="email"),
                errors,
                hint_key="form.contact_hint",
            ),
        ),
        _privacy(),
        rx.cond(
            errors.length() > 0,
            rx.el.p(t("form.has_errors"), role="alert", class_name="field-error", id="form-errors"),
        ),
        rx.el.button(
            rx.cond(SubmitState.submitting, t("form.sending"), t("form.submit")),
            type="button",
            id="submit-report",
            class_name="button big",
            disabled=SubmitState.submitting,
            on_click=SubmitState.submit(rx.upload_files(upload_id=UPLOAD_ID)),
        ),
        class_name="card",
    )


def _success() -> rx.Component:
    return rx.el.div(
        rx.el.h2(t("form.success_title")),
        rx.el.p(t("form.success_body")),
        rx.el.p(SubmitState.result_code, class_name="tracking-code", id="tracking-code"),
        rx.el.div(
            rx.el.a(
                t("form.open_report"),
                href="/laporan/" + SubmitState.result_code,
                class_name="button",
                id="open-report",
            ),
            rx.el.button(
                t("form.another"), type="button", class_name="button secondary", on_click=SubmitState.start_again
            ),
            class_name="location-row",
        ),
        class_name="success",
        role="status",
    )


@public_page("/lapor", "Pengaduan · Laporkan masalah", on_load=SubmitState.load)
def submit_page() -> rx.Component:
    return rx.el.div(
        message_listener(on_message=SubmitState.receive_message),
        rx.el.h1(t("form.heading")),
        rx.cond(SubmitState.result_code != "", _success(), _form()),
        class_name="form-page",
    )
