"""`/staf/audit`: who did what and when, for admins."""

import reflex as rx

from ..components.i18n import t
from ..state.staff_audit import AuditState
from .staff_template import staff_page


def _row(entry: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(entry["when"]),
        rx.el.td(entry["actor"]),
        rx.el.td(entry["action"], class_name="mono"),
        rx.el.td(
            rx.cond(
                entry["code"] != "",
                rx.el.a(entry["code"], href="/staf/laporan/" + entry["code"].to(str), class_name="mono link-target"),
            )
        ),
        rx.el.td(entry["detail"], class_name="wrap"),
    )


@staff_page("/staf/audit", "page.staff_audit", on_load=AuditState.load)
def staff_audit() -> rx.Component:
    columns = ("staff.col.when", "staff.col.actor", "staff.col.action", "report.code", "staff.col.detail")
    return rx.cond(
        AuditState.allowed,
        rx.fragment(
            rx.el.h1(t("staff.nav.audit")),
            rx.el.div(
                rx.el.label(t("staff.col.action"), html_for="audit-action", class_name="field-label"),
                rx.el.input(
                    id="audit-action", class_name="input", placeholder="resolve", on_blur=AuditState.set_action
                ),
                class_name="field",
            ),
            rx.el.div(
                rx.el.table(
                    rx.el.thead(rx.el.tr(*[rx.el.th(t(k), scope="col") for k in columns])),
                    rx.el.tbody(rx.foreach(AuditState.entries, _row)),
                    class_name="queue",
                    id="audit-table",
                ),
                class_name="table-scroll",
            ),
        ),
        rx.el.p(t("staff.not_allowed"), role="alert"),
    )
