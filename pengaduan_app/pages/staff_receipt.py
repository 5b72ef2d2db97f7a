"""`/staf/tanda-terima/<code>`: the receipt a walk-in citizen takes home, made for printing (one page: the print
styles in assets/staff.css drop the header, navigation and button)."""

import reflex as rx

from ..components.i18n import t
from ..state.staff_receipt import ReceiptState
from .staff_template import staff_page

R = ReceiptState.receipt


def _line(key: str, value, value_id: str = "") -> rx.Component:
    return rx.fragment(rx.el.dt(t(key)), rx.el.dd(value, **({"id": value_id} if value_id else {})))


def _private_link() -> rx.Component:
    """The QR code and the link it holds, or why a reprint has neither."""
    return rx.cond(
        R.private_link != "",
        rx.el.div(
            rx.el.img(src=R.qr, alt=t("desk.receipt_private_link"), id="receipt-qr", class_name="receipt-qr"),
            rx.el.div(
                rx.el.p(t("desk.receipt_qr")),
                rx.el.p(t("desk.receipt_private_link"), class_name="field-label"),
                rx.el.p(R.private_link, class_name="mono receipt-link", id="receipt-private-link"),
                rx.el.p(t("desk.receipt_private_note"), class_name="field-hint"),
            ),
            class_name="receipt-qr-row",
        ),
        rx.el.p(t("desk.receipt_no_link"), class_name="field-hint", id="receipt-no-link"),
    )


def _receipt() -> rx.Component:
    return rx.el.article(
        rx.el.h1(t("desk.receipt_heading")),
        rx.el.p(t("desk.receipt_intro")),
        rx.el.p(R.code, class_name="tracking-code", id="receipt-code"),
        rx.el.dl(
            _line("desk.receipt_desk", R.desk, "receipt-desk"),
            _line("report.reported", R.when),
            _line("report.category", R.category),
            _line("desk.receipt_title", R.title),
            _line("report.area", R.area),
            _line("report.address", R.address),
            _line("staff.privacy", R.privacy),
            _line("desk.receipt_due", R.due, "receipt-due"),
            _line("desk.receipt_officer", R.officer),
            _line("desk.receipt_address", rx.el.span(R.public_url, class_name="mono"), "receipt-address"),
            class_name="facts",
        ),
        _private_link(),
        rx.el.p(
            rx.cond(R.confidential, t("desk.receipt_follow_confidential"), t("desk.receipt_follow_public")),
            id="receipt-follow",
        ),
        rx.el.button(
            rx.icon("printer", size=18, aria_hidden="true"),
            t("desk.print"),
            on_click=rx.call_script("window.print()"),
            class_name="button no-print",
            id="print-receipt",
        ),
        class_name="receipt",
        id="receipt",
    )


@staff_page("/staf/tanda-terima/[code]", "page.staff_receipt", on_load=ReceiptState.load)
def staff_receipt() -> rx.Component:
    return rx.cond(
        ReceiptState.receipt.code != "",
        _receipt(),
        rx.cond(ReceiptState.loaded, rx.el.p(t("staff.not_allowed"), role="alert"), rx.el.p("…")),
    )
