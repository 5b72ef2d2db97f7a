"""`/akun`: sign in or register (optional), my reports, followed reports, notifications."""

import reflex as rx

from ..components.i18n import t
from ..components.report_card import report_list
from ..state.account import CitizenState
from .template import public_page

C = CitizenState


def _labelled(key: str, control_id: str, control: rx.Component) -> rx.Component:
    return rx.el.div(rx.el.label(t(key), html_for=control_id, class_name="field-label"), control, class_name="field")


def _entry_form(kind: str) -> rx.Component:
    prefix = f"{kind}-"
    fields = [
        _labelled(
            "account.login",
            prefix + "login",
            rx.el.input(id=prefix + "login", name="login", auto_complete="username", class_name="input", required=True),
        ),
        _labelled(
            "staff.password",
            prefix + "password",
            rx.el.input(
                id=prefix + "password",
                name="password",
                type="password",
                class_name="input",
                auto_complete="new-password" if kind == "register" else "current-password",
                required=True,
            ),
        ),
    ]
    if kind == "register":
        fields.insert(
            0,
            _labelled(
                "form.name",
                prefix + "name",
                rx.el.input(id=prefix + "name", name="name", auto_complete="name", class_name="input"),
            ),
        )
    return rx.el.form(
        rx.el.h2(t(f"account.{kind}_heading")),
        *fields,
        rx.el.button(t(f"account.{kind}"), type="submit", class_name="button", id=f"{kind}-submit"),
        on_submit=C.sign_in if kind == "sign_in" else C.register,
        class_name="card",
    )


def _contact_status() -> rx.Component:
    """Whether e-mails reach this account: a verified address, one still to verify (with "Kirim ulang"), or a phone
    number, which is never verified and never messaged."""
    return rx.cond(
        C.email_unverified,
        rx.el.div(
            rx.el.p(rx.el.strong(t("account.email_unverified")), id="email-unverified"),
            rx.el.p(C.contact_status),
            rx.el.button(
                t("account.resend"), on_click=C.resend_verification, class_name="button secondary", id="resend-link"
            ),
            class_name="contact-status unverified",
        ),
        rx.el.p(C.contact_status, class_name="contact-status", id="contact-status"),
    )


def _notification(n: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.a(n.code, " · ", n.title, href="/laporan/" + n.code),
        rx.el.div(rx.el.strong(n.what), " · ", n.status, " · ", n.age, class_name="when"),
        rx.cond(n.note != "", rx.el.p(n.note, class_name="note")),
        class_name=rx.cond(n.unread, "notification unread", "notification"),
    )


def _notifications() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.h2(t("account.notifications"), " (", C.unread, " ", t("account.unread"), ")"),
            rx.cond(
                C.unread > 0,
                rx.el.button(
                    t("account.mark_read"), on_click=C.mark_read, class_name="button secondary", id="mark-read"
                ),
            ),
            class_name="list-head",
        ),
        rx.cond(
            C.notifications.length() > 0,
            rx.el.ul(rx.foreach(C.notifications, _notification), class_name="timeline", id="notifications"),
            rx.el.p(t("account.no_notifications"), class_name="empty"),
        ),
        class_name="card",
    )


@public_page("/akun", "page.account", on_load=CitizenState.load)
def account() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t("account.heading")),
        rx.cond(C.error != "", rx.el.p(C.error, role="alert", class_name="field-error", id="account-error")),
        rx.cond(C.notice != "", rx.el.p(C.notice, role="status", class_name="notice", id="account-notice")),
        rx.cond(
            C.signed_in,
            rx.el.div(
                rx.el.div(
                    rx.el.p(t("account.signed_in_as"), " ", rx.el.strong(C.display_name, id="account-name")),
                    rx.el.button(
                        t("staff.sign_out"), on_click=C.sign_out, class_name="button secondary", id="account-sign-out"
                    ),
                    class_name="location-row",
                ),
                _contact_status(),
            ),
            rx.el.div(
                rx.el.p(t("account.why")),
                rx.el.div(_entry_form("sign_in"), _entry_form("register"), class_name="account-forms"),
            ),
        ),
        _notifications(),
        rx.cond(
            C.signed_in,
            rx.el.section(rx.el.h2(t("account.mine")), report_list(C.mine, "account.none"), id="my-reports"),
        ),
        rx.el.section(rx.el.h2(t("account.followed")), report_list(C.followed, "account.none")),
        class_name="form-page",
    )
