"""`/staf/audit`: who did what, to which object, and when, for admins, in the reader's language."""

import reflex as rx

from ..components.i18n import t
from ..components.pager import pager
from ..state.staff_audit import AuditState as L
from .staff_template import staff_page

COLUMNS = ("staff.col.when", "staff.col.actor", "audit.col.what", "audit.col.object")


def _row(entry: rx.Var) -> rx.Component:
    when, actor, what, thing = COLUMNS
    return rx.el.tr(
        rx.el.td(entry.when, data_label=t(when)),
        rx.el.td(
            entry.actor,
            rx.cond(entry.username != "", rx.el.span(" (", entry.username, ")")),
            data_label=t(actor),
        ),
        rx.el.td(
            rx.el.span(entry.what, class_name="audit-what"),
            rx.cond(entry.extra != "", rx.el.div(entry.extra, class_name="field-hint")),
            class_name="wrap",
            data_label=t(what),
        ),
        rx.el.td(
            rx.cond(entry.href != "", rx.el.a(entry.subject, href=entry.href, class_name="link-target")),
            data_label=t(thing),
        ),
    )


def _select(name: str, label_key: str, all_key: str, options: rx.Var, value: rx.Var) -> rx.Component:
    control_id = f"audit-{name}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=control_id, class_name="field-label"),
        rx.el.select(
            rx.el.option(t(all_key), value=""),
            rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value)),
            id=control_id,
            value=value,
            on_change=lambda v: L.set_filter(name, v),
            class_name="input",
        ),
        class_name="field",
    )


def _date(name: str, label_key: str, value: rx.Var) -> rx.Component:
    control_id = f"audit-{name}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=control_id, class_name="field-label"),
        rx.el.input(
            type="date", id=control_id, value=value, on_change=lambda v: L.set_filter(name, v), class_name="input"
        ),
        class_name="field",
    )


def _filters() -> rx.Component:
    return rx.el.div(
        _select("action", "audit.filter.action", "audit.filter.all_actions", L.actions, L.action),
        _select("person", "audit.filter.person", "audit.filter.everyone", L.people, L.person),
        _date("since", "audit.filter.since", L.since),
        _date("until", "audit.filter.until", L.until),
        rx.el.button(
            t("audit.filter.clear"), on_click=L.clear_filters, class_name="button secondary", id="audit-clear"
        ),
        class_name="card audit-filters",
        id="audit-filters",
    )


@staff_page("/staf/audit", "page.staff_audit", on_load=L.load)
def staff_audit() -> rx.Component:
    return rx.cond(
        L.allowed,
        rx.fragment(
            rx.el.h1(t("staff.nav.audit")),
            _filters(),
            rx.cond(L.error != "", rx.el.p(L.error, role="alert", class_name="field-error", id="audit-error")),
            rx.el.p(L.total, " ", t("audit.entries"), id="audit-count", role="status"),
            rx.cond(
                L.entries.length() > 0,
                rx.el.div(
                    rx.el.table(
                        rx.el.thead(rx.el.tr(*[rx.el.th(t(k), scope="col") for k in COLUMNS])),
                        rx.el.tbody(rx.foreach(L.entries, _row)),
                        class_name="queue",
                        id="audit-table",
                    ),
                    class_name="table-scroll",
                ),
                rx.el.p(t("audit.empty")),
            ),
            pager(L.page, L.page_count, L.go_to_page),
        ),
        rx.el.p(t("staff.not_allowed"), role="alert"),
    )
