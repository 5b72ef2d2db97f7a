"""Two-factor sign-in pages: the code after the password (`/staf/masuk/kode`), enrolling a phone
(`/staf/dua-langkah`) and the one-time recovery codes (`/staf/dua-langkah/pemulihan`). The code forms are plain
posts: the server sets the session cookie only after a good code (api/staff_session.py)."""

import reflex as rx

from ..components.i18n import t
from ..components.post_form import post_form
from ..domain.credentials import CODE_PAGE, ENROL_PAGE, RECOVERY_PAGE
from ..state.staff_auth import StaffState
from ..state.staff_two_factor import TwoFactorState as F
from .staff_template import staff_page
from .template import public_page


def _code_form(action: str, error: rx.Var, next_path: rx.Var, hint_key: str) -> rx.Component:
    return post_form(
        rx.el.div(
            rx.el.label(t("two_factor.code"), html_for="code", class_name="field-label"),
            rx.el.input(
                id="code",
                name="code",
                auto_complete="one-time-code",
                input_mode="text",
                class_name="input",
                required=True,
                max_length=20,
                aria_describedby="code-hint",
            ),
            rx.el.p(t(hint_key), id="code-hint", class_name="field-hint"),
            class_name="field",
        ),
        rx.cond(error != "", rx.el.p(error, role="alert", class_name="field-error", id="code-error")),
        rx.el.input(type="hidden", name="next", value=next_path),
        rx.el.button(t("two_factor.confirm"), type="submit", class_name="button big", id="code-submit"),
        action=action,
        class_name="card",
    )


@public_page(CODE_PAGE, "page.two_factor_code", on_load=StaffState.open_sign_in)
def staff_sign_in_code() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t("two_factor.code_heading")),
        rx.el.p(t("two_factor.code_intro")),
        _code_form("/staf/sesi/kode", StaffState.sign_in_error, StaffState.next_path, "two_factor.code_hint"),
        class_name="form-page",
    )


@public_page(ENROL_PAGE, "page.two_factor_enrol", on_load=F.open_enrolment)
def staff_two_factor_enrol() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t("two_factor.enrol_heading")),
        rx.cond(
            F.enabled,
            rx.el.div(
                rx.el.p(t("two_factor.already_on"), id="two-factor-on"),
                rx.el.a(t("two_factor.recovery_heading"), href=RECOVERY_PAGE, class_name="button secondary"),
                class_name="card",
            ),
            rx.cond(
                F.secret != "",
                rx.fragment(
                    rx.el.ol(
                        rx.el.li(t("two_factor.enrol_step_app")),
                        rx.el.li(t("two_factor.enrol_step_scan")),
                        rx.el.li(t("two_factor.enrol_step_code")),
                        class_name="steps",
                    ),
                    rx.el.div(
                        rx.el.img(src=F.qr, alt=t("two_factor.qr_alt"), id="two-factor-qr", class_name="qr"),
                        rx.el.p(t("two_factor.secret_label"), class_name="field-label"),
                        rx.el.p(F.secret, id="two-factor-secret", class_name="mono secret"),
                        class_name="card enrol-qr",
                    ),
                    _code_form("/staf/sesi/daftar", F.error, F.next_path, "two_factor.enrol_hint"),
                ),
                rx.el.p(t("common.loading"), role="status"),
            ),
        ),
        class_name="form-page",
    )


@staff_page(RECOVERY_PAGE, "page.two_factor_recovery", on_load=F.open_recovery)
def staff_two_factor_recovery() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t("two_factor.recovery_heading")),
        rx.cond(
            F.codes.length() > 0,
            rx.el.div(
                rx.el.p(t("two_factor.recovery_intro"), role="status"),
                rx.el.ul(rx.foreach(F.codes, lambda c: rx.el.li(c, class_name="mono")), id="recovery-codes"),
                class_name="card",
            ),
            rx.el.p(rx.cond(F.enabled, t("two_factor.recovery_kept"), t("two_factor.not_on"))),
        ),
        rx.cond(
            F.enabled,
            rx.el.button(
                t("two_factor.recovery_new"), on_click=F.new_codes, class_name="button secondary", id="recovery-new"
            ),
            rx.el.a(t("two_factor.enrol_heading"), href=ENROL_PAGE, class_name="button", id="two-factor-enrol"),
        ),
        rx.el.a(t("two_factor.continue"), href=F.next_path, class_name="button", id="two-factor-continue"),
        class_name="form-page",
    )
