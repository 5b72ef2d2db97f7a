"""`/staf/laporan/<code>`: everything an officer needs to handle one report, actions one click away."""

import reflex as rx

from ..components.channel_panel import channel_panel
from ..components.field_check import far_photo_badge
from ..components.i18n import t
from ..components.message_listener import message_listener
from ..components.moderation_panel import moderation_panel
from ..components.photo_picker import photo_picker, send_button
from ..components.status_badge import status_badge
from ..domain.handling import REJECT_REASONS
from ..state.staff_report import StaffReportState
from .staff_template import staff_page

S = StaffReportState


def _fact(key: str, value) -> rx.Component:
    return rx.fragment(rx.el.dt(t(key)), rx.el.dd(value))


def _details() -> rx.Component:
    r = S.report
    return rx.el.section(
        rx.el.div(
            status_badge(r.public_status),
            " ",
            rx.el.strong(r.status_label, id="staff-status"),
            rx.cond(r.far_photo != "", far_photo_badge(r.far_photo, id="far-photo")),
            class_name="report-head",
        ),
        rx.el.h1(r.title, id="staff-title"),
        rx.el.dl(
            _fact("report.code", rx.el.span(r.code, class_name="mono")),
            _fact("report.category", r.category),
            _fact("report.area", r.area),
            _fact("staff.unit", rx.cond(r.unit != "", r.unit, r.area)),
            _fact("report.address", r.address),
            _fact("report.reported", r.created),
            _fact("staff.due", r.due),
            _fact("staff.reporter_name", rx.el.span(r.reporter_name, id="reporter-name")),
            _fact("staff.reporter_contact", rx.el.span(r.reporter_contact, id="reporter-contact")),
            _fact("staff.privacy", r.privacy),
            _fact("report.channel", r.channel),
            rx.cond(r.duplicate_of != "", _fact("staff.duplicate_of", r.duplicate_of)),
            rx.foreach(S.attributes, lambda a: rx.fragment(rx.el.dt(a.label), rx.el.dd(a.value))),
            class_name="facts",
            id="report-facts",
        ),
        rx.el.p(r.description, class_name="description"),
        rx.el.div(
            rx.foreach(
                S.photos,
                lambda p: rx.el.figure(
                    rx.el.a(rx.el.img(src=p.thumb, alt=p.label), href=p.url, target="_blank"),
                    rx.el.figcaption(p.label),
                ),
            ),
            class_name="gallery",
        ),
        class_name="card",
    )


def _place() -> rx.Component:
    """The map with the pin (drag it to correct the place) and the reports near it, the routed areas and
    "Petunjuk arah" links that open the phone's maps app."""
    p = S.place
    return rx.el.section(
        rx.el.h2(t("staff.place_heading")),
        message_listener(on_message=S.receive_message),
        rx.el.iframe(src=p.map_src, id="staff-map", title=t("staff.map_label"), class_name="staff-map-frame"),
        rx.cond(
            (S.new_place.lat != "") & S.actions.contains("relocate"),
            rx.el.div(
                rx.el.p(
                    t("staff.new_place"),
                    ": ",
                    rx.el.span(S.new_place.coordinates, class_name="mono"),
                    " · ",
                    S.new_place.area,
                    id="new-place",
                ),
                rx.el.div(
                    rx.el.button(t("staff.save_place"), on_click=S.save_place, class_name="button", id="save-place"),
                    rx.el.button(
                        t("staff.cancel"), on_click=S.cancel_place, class_name="button secondary", id="cancel-place"
                    ),
                    class_name="action-row",
                ),
                class_name="notice",
                role="status",
            ),
        ),
        rx.el.dl(
            _fact("staff.coordinates", rx.el.span(p.coordinates, class_name="mono", id="coordinates")),
            _fact("area.kelurahan", rx.el.span(p.kelurahan, id="place-kelurahan")),
            _fact("area.kecamatan", rx.el.span(p.kecamatan, id="place-kecamatan")),
            _fact("area.kota", rx.el.span(p.kota, id="place-kota")),
            class_name="facts",
        ),
        rx.el.div(
            rx.el.a(t("staff.directions_app"), href=p.geo_link, class_name="button secondary", id="directions-geo"),
            rx.el.a(
                t("staff.directions_osm"),
                href=p.osm_link,
                target="_blank",
                rel="noopener noreferrer",
                class_name="button secondary",
                id="directions-osm",
            ),
            class_name="action-row",
            role="group",
            aria_label=t("staff.directions"),
        ),
        class_name="card",
        id="place",
    )


def _recategorize() -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("staff.recategorize")),
        rx.el.form(
            rx.el.label(t("report.category"), html_for="new-category", class_name="field-label"),
            rx.el.select(
                rx.foreach(S.categories, lambda c: rx.el.option(c.label, value=c.value)),
                id="new-category",
                name="category",
                default_value=S.report.category_code,
                key=S.report.category_code,
                class_name="input",
            ),
            rx.el.p(t("staff.recategorize_hint"), class_name="field-hint"),
            rx.el.button(t("staff.save_category"), type="submit", class_name="button", id="save-category"),
            on_submit=S.recategorize,
        ),
        class_name="card",
    )


def _typed_text(control_id: str, value: rx.Var, on_change, rows: int) -> rx.Component:
    """A textarea sent to the server after a pause in typing (and on leaving it), so fast typing loses no letter."""
    return rx.debounce_input(
        rx.el.textarea(id=control_id, value=value, on_change=on_change, class_name="input", rows=rows),
        debounce_timeout=250,
    )


def _if(action: str, component: rx.Component) -> rx.Component:
    """Shown only when the report's status allows `action` (the handlers check again)."""
    return rx.cond(S.actions.contains(action), component)


def _quick_actions() -> rx.Component:
    return rx.el.div(
        _if(
            "verify", rx.el.button(t("staff.action.verify"), on_click=S.verify, class_name="button", id="action-verify")
        ),
        _if("start", rx.el.button(t("staff.action.start"), on_click=S.start, class_name="button", id="action-start")),
        _if(
            "assign",
            rx.el.div(
                rx.el.label(t("staff.assign_to"), html_for="assign-officer", class_name="field-label"),
                rx.el.select(
                    rx.el.option("—", value=""),
                    rx.foreach(S.officers, lambda o: rx.el.option(o.label, value=o.value)),
                    id="assign-officer",
                    on_change=S.assign,
                    class_name="input",
                ),
                class_name="field",
            ),
        ),
        _if(
            "priority",
            rx.el.div(
                rx.el.label(t("staff.col.priority"), html_for="priority", class_name="field-label"),
                rx.el.select(
                    *[rx.el.option(t(f"staff.priority.{p}"), value=str(p)) for p in range(4)],
                    id="priority",
                    value=S.report.priority,
                    on_change=S.change_priority,
                    class_name="input",
                ),
                class_name="field",
            ),
        ),
        class_name="action-row",
    )


def _reply() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("staff.reply_heading")),
        rx.el.label(t("staff.template"), html_for="template", class_name="field-label"),
        rx.el.select(
            rx.el.option("—", value=""),
            rx.foreach(S.templates, lambda tpl: rx.el.option(tpl.label, value=tpl.value)),
            id="template",
            on_change=S.set_reply_text,
            class_name="input",
        ),
        rx.el.label(t("staff.reply_text"), html_for="reply-text", class_name="field-label"),
        _typed_text("reply-text", S.reply_text, S.set_reply_text, rows=4),
        rx.el.div(
            rx.el.button(t("staff.reply_public"), on_click=S.reply(True), class_name="button", id="reply-public"),
            rx.el.button(
                t("staff.reply_internal"), on_click=S.reply(False), class_name="button secondary", id="reply-internal"
            ),
            class_name="action-row",
        ),
        class_name="card",
    )


def _reject() -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("staff.action.reject")),
        rx.el.form(
            rx.el.label(t("staff.reject_reason"), html_for="reject-reason", class_name="field-label"),
            rx.el.select(
                *[rx.el.option(t(f"staff.reject.{r}"), value=r) for r in REJECT_REASONS],
                id="reject-reason",
                name="reason",
                class_name="input",
            ),
            rx.el.label(t("staff.duplicate_code"), html_for="duplicate-of", class_name="field-label"),
            rx.el.input(id="duplicate-of", name="duplicate_of", placeholder="JKT-2611-483920", class_name="input"),
            rx.el.label(t("staff.note"), html_for="reject-note", class_name="field-label"),
            rx.el.textarea(id="reject-note", name="note", class_name="input", rows=2),
            rx.el.button(t("staff.action.reject"), type="submit", class_name="button danger", id="action-reject"),
            on_submit=S.reject,
        ),
        class_name="card",
    )


def _hand_over() -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("staff.action.handover")),
        rx.el.form(
            rx.el.label(t("staff.handover_to"), html_for="handover-target", class_name="field-label"),
            rx.el.select(
                rx.foreach(S.handover_targets, lambda o: rx.el.option(o.label, value=o.value)),
                id="handover-target",
                name="target",
                class_name="input",
            ),
            rx.el.label(t("staff.handover_reason"), html_for="handover-reason", class_name="field-label"),
            rx.el.textarea(id="handover-reason", name="reason", class_name="input", rows=2, required=True),
            rx.el.button(t("staff.action.handover"), type="submit", class_name="button", id="action-handover"),
            on_submit=S.hand_over,
        ),
        class_name="card",
    )


def _resolve() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("staff.resolve_heading")),
        rx.el.p(t("staff.resolve_hint"), class_name="field-hint"),
        rx.el.label(t("staff.resolve_note"), html_for="resolve-note", class_name="field-label"),
        _typed_text("resolve-note", S.resolve_note, S.set_resolve_note, rows=3),
        rx.el.p(t("staff.after_photo"), id="after-photo-label", class_name="field-label"),
        photo_picker("after_photo", "after-photo-label", proof=True, max_files=3),
        send_button(
            "after_photo",
            t("staff.action.resolve"),
            S.resolve(rx.upload_files(upload_id="after_photo")),
            button_id="action-resolve",
        ),
        class_name="card",
    )


def _timeline() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("report.timeline")),
        rx.el.ol(
            rx.foreach(
                S.steps,
                lambda s: rx.el.li(
                    rx.el.strong(s.action),
                    " · ",
                    s.status,
                    " ",
                    rx.el.span(s.visibility, class_name=rx.cond(s.internal, "tag internal", "tag")),
                    rx.cond(s.hidden, rx.el.span(" ", t("staff.step_hidden"), class_name="tag internal")),
                    rx.el.div(s.when, " · ", s.actor, class_name="when"),
                    rx.cond(s.note != "", rx.el.p(s.note, class_name="note")),
                ),
            ),
            class_name="timeline",
            id="staff-timeline",
        ),
        class_name="card",
    )


def _audit() -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("staff.audit_heading")),
        rx.el.table(
            rx.el.thead(
                rx.el.tr(
                    *[
                        rx.el.th(t(k), scope="col")
                        for k in ("staff.col.when", "staff.col.actor", "staff.col.action", "staff.col.detail")
                    ]
                )
            ),
            rx.el.tbody(
                rx.foreach(
                    S.audit,
                    lambda a: rx.el.tr(
                        rx.el.td(a.when),
                        rx.el.td(a.actor),
                        rx.el.td(a.action, class_name="wrap"),
                        rx.el.td(a.detail, class_name="wrap"),
                    ),
                )
            ),
            class_name="queue",
            id="audit-log",
        ),
        class_name="card",
    )


def _outcome() -> rx.Component:
    return rx.fragment(
        rx.cond(S.message != "", rx.el.p(S.message, role="status", class_name="notice", id="staff-message")),
        rx.cond(S.error != "", rx.el.p(S.error, role="alert", class_name="field-error", id="staff-error")),
    )


def _found() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.div(_details(), _place(), _timeline(), _audit(), class_name="staff-main"),
            rx.el.div(
                _quick_actions(),
                _reply(),
                channel_panel(),
                _if("resolve", _resolve()),
                _if("recategorize", _recategorize()),
                _if("reject", _reject()),
                _if("handover", _hand_over()),
                moderation_panel(),
                class_name="staff-side",
            ),
            class_name="staff-columns",
        ),
    )


@staff_page("/staf/laporan/[code]", "page.staff_report", on_load=StaffReportState.load)
def staff_report_page() -> rx.Component:
    return rx.fragment(
        _outcome(),
        rx.cond(
            S.allowed,
            _found(),
            rx.cond(S.loaded, rx.el.p(t("staff.not_allowed"), id="not-allowed", role="alert"), rx.el.p("…")),
        ),
    )
