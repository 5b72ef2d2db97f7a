"""`/laporan/<code>`: one report as the public sees it, with photos and timeline."""

import reflex as rx

from ..components.flag_form import flag_form
from ..components.follow_up import follow_up_panel
from ..components.i18n import t
from ..components.status_badge import status_badge
from ..state.report import ReportState
from .template import public_page


def _fact(label_key: str, value: rx.Var) -> rx.Component:
    return rx.fragment(rx.el.dt(t(label_key)), rx.el.dd(value))


def _photo(photo: rx.Var) -> rx.Component:
    return rx.el.figure(
        rx.el.a(
            rx.el.img(src=photo.thumb, alt=photo.label, loading="lazy"),
            href=photo.url,
            target="_blank",
            rel="noopener",
        ),
        rx.el.figcaption(photo.label),
        class_name="photo-" + photo.kind,
    )


def _step(step: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.div(status_badge(step.status), " ", rx.el.strong(step.action)),
        rx.el.div(step.when, " · ", step.actor, class_name="when"),
        rx.cond(step.note != "", rx.el.p(step.note, class_name="note")),
    )


def _areas() -> rx.Component:
    r = ReportState.report
    return rx.el.span(
        rx.cond(r.kelurahan != "", rx.el.span(t("area.kelurahan"), " ", r.kelurahan, ", ")),
        rx.cond(r.kecamatan != "", rx.el.span(t("area.kecamatan"), " ", r.kecamatan, ", ")),
        r.kota,
        rx.cond(r.approximate, rx.el.span(" (", t("area.approximate"), ")", class_name="note-approx")),
        id="report-area",
    )


def _support() -> rx.Component:
    """The "Saya juga" button: pressed means this browser supports the report; pressing again withdraws it."""
    return rx.el.section(
        rx.el.div(
            rx.el.button(
                rx.icon("thumbs-up", size=18, aria_hidden="true"),
                t("map.support"),
                type="button",
                id="support-button",
                class_name="button secondary toggle",
                aria_pressed=rx.cond(ReportState.supported, "true", "false"),
                aria_describedby="support-hint",
                on_click=ReportState.toggle_support,
            ),
            rx.el.span(ReportState.report.support, " ", t("card.supporters"), id="support-count"),
            class_name="location-row",
        ),
        rx.el.p(t("support.hint"), id="support-hint", class_name="field-hint"),
        rx.el.p(ReportState.support_message, role="status", id="support-message", class_name="support-message"),
        aria_label=t("report.supporters"),
    )


def _duplicate() -> rx.Component:
    """Instead of "Saya juga" on a report rejected as a duplicate: the way to the original."""
    r = ReportState.report
    return rx.el.p(
        rx.icon("copy", size=16, aria_hidden="true"),
        t("report.duplicate_banner"),
        " ",
        rx.cond(
            r.duplicate_of != "",
            rx.el.a(r.duplicate_of, href="/laporan/" + r.duplicate_of, id="duplicate-original"),
        ),
        rx.el.span(t("report.duplicate_hint"), class_name="field-hint"),
        id="duplicate-banner",
        class_name="private-notice duplicate-notice",
    )


def _found() -> rx.Component:
    r = ReportState.report
    return rx.el.article(
        rx.el.div(
            status_badge(r.status),
            rx.el.span(t("report.code"), ": ", rx.el.strong(r.code, id="report-code")),
            class_name="report-head",
        ),
        rx.el.h1(r.title, id="report-title"),
        rx.cond(
            r.private,
            rx.fragment(
                rx.cond(
                    r.confidential,
                    rx.el.p(
                        rx.icon("lock", size=16, aria_hidden="true"),
                        t("report.confidential_notice"),
                        id="confidential-notice",
                        class_name="private-notice",
                    ),
                ),
                rx.cond(
                    r.hidden_reason != "",
                    rx.el.p(
                        rx.icon("eye-off", size=16, aria_hidden="true"),
                        t("report.hidden_notice"),
                        " ",
                        rx.el.strong(r.hidden_reason, id="hidden-reason"),
                        id="hidden-notice",
                        class_name="private-notice",
                    ),
                ),
            ),
            rx.cond(r.duplicate, _duplicate(), _support()),
        ),
        follow_up_panel(),
        rx.el.dl(
            _fact("report.category", r.category),
            _fact("report.area", _areas()),
            rx.cond(r.address != "", _fact("report.address", r.address)),
            _fact("report.reported", r.created),
            _fact("report.updated", r.updated),
            rx.cond(
                r.due != "",
                _fact(
                    "staff.due",
                    rx.el.span(
                        r.due,
                        rx.cond(
                            r.overdue,
                            rx.el.span(
                                rx.icon("alarm-clock", size=14, aria_hidden="true"),
                                t("staff.overdue"),
                                class_name="overdue",
                                id="report-overdue",
                            ),
                        ),
                    ),
                ),
            ),
            _fact("report.reporter", r.reporter),
            _fact("report.channel", r.channel),
            class_name="facts",
        ),
        rx.el.section(rx.el.h2(t("report.description")), rx.el.p(r.description, class_name="description")),
        rx.el.section(
            rx.el.h2(t("report.photos")),
            rx.el.div(rx.foreach(ReportState.photos, _photo), class_name="gallery"),
        ),
        rx.el.section(
            rx.el.h2(t("report.timeline")),
            rx.el.ol(rx.foreach(ReportState.timeline, _step), class_name="timeline", id="timeline"),
        ),
        rx.cond(
            ~r.private,
            rx.el.section(
                rx.el.h2(t("report.on_map")),
                rx.el.a(
                    t("report.open_map"),
                    href="/?focus=" + r.code,
                    class_name="button secondary",
                ),
            ),
        ),
        rx.cond(~r.private, flag_form(r.code)),
        class_name="card",
    )


def _not_found() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t("report.not_found_title"), id="not-found"),
        rx.el.p(t("report.not_found_body")),
        rx.el.a(t("report.back_to_map"), href="/", class_name="button"),
        class_name="card",
    )


@public_page("/laporan/[code]", "page.report", on_load=ReportState.load)
def report_page() -> rx.Component:
    return rx.cond(
        ReportState.loaded,
        rx.cond(ReportState.found, _found(), _not_found()),
        rx.el.p(t("common.loading"), role="status"),
    )
