"""`/staf/tanda-terima/<code>`: the receipt a walk-in citizen takes home, made for printing."""

import reflex as rx

from ..components.i18n import t
from ..state.staff_receipt import ReceiptState
from .staff_template import staff_page

R = ReceiptState.receipt


def _line(key: str, value) -> rx.Component:
    return rx.fragment(rx.el.dt(t(key)), rx.el.dd(value))


def _receipt() -> rx.Component:
    return rx.el.article(
        rx.el.h1(t("desk.receipt_heading")),
        rx.el.p(t("desk.receipt_intro")),
        rx.el.p(R["code"], class_name="tracking-code", id="receipt-code"),
        rx.el.dl(
            _line("report.reported", R["when"]),
            _line("report.category", R["category"]),
            _line("desk.receipt_title", R["title"]),
            _line("report.area", R["area"]),
            _line("report.address", R["address"]),
            _line("staff.privacy", R["privacy"]),
            _line("desk.receipt_officer", R["officer"]),
            class_name="facts",
        ),
        rx.el.p(t("desk.receipt_follow")),
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
        ReceiptState.receipt.contains("code"),
        _receipt(),
        rx.cond(ReceiptState.loaded, rx.el.p(t("staff.not_allowed"), role="alert"), rx.el.p("…")),
    )
