"""`/staf/moderasi`: support bursts to decide, then flagged reports (most recently flagged first), then hidden ones."""

import reflex as rx

from ..components.confirm_dialog import confirm_dialog, undo_bar
from ..components.i18n import t
from ..components.status_badge import status_badge
from ..state.staff_moderation_queue import ModerationQueueState
from .staff_template import staff_page

S = ModerationQueueState


def _actions(item: rx.Var) -> rx.Component:
    """Not a form: a form's submit handler is compiled outside the list, where `item` does not exist."""
    code = item.code
    reason_id = "hide-reason-" + code
    return rx.el.div(
        rx.el.div(
            rx.el.label(t("moderation.hide_reason"), html_for=reason_id, class_name="field-label"),
            rx.el.input(
                id=reason_id,
                value=S.reasons.get(code, ""),
                on_change=lambda value: S.set_reason(code, value),
                max_length=200,
                class_name="input",
            ),
            class_name="field",
        ),
        rx.el.button(
            t("moderation.hide"),
            type="button",
            on_click=S.ask_hide(code),  # asks first, naming the report
            class_name="button danger",
            id="hide-" + code,
        ),
        rx.cond(
            item.flags != "",
            rx.el.button(
                t("moderation.dismiss"),
                type="button",
                on_click=S.dismiss(code),
                class_name="button secondary",
                id="dismiss-" + code,
            ),
        ),
        class_name="action-row",
    )


def _item(item: rx.Var) -> rx.Component:
    code = item.code
    return rx.el.li(
        rx.el.div(
            status_badge(item.public_status),
            " ",
            rx.el.a(code, href="/staf/laporan/" + code, class_name="mono link-target"),
            rx.cond(item.hidden, rx.el.span(t("moderation.is_hidden"), class_name="tag internal")),
            class_name="report-head",
        ),
        rx.el.p(rx.el.strong(item.title)),
        rx.cond(
            item.flags != "",
            rx.el.p(
                t("moderation.flag_count"),
                ": ",
                item.flags,
                " · ",
                item.reasons,
                " · ",
                item.last,
            ),
        ),
        rx.cond(
            item.comments != "",
            rx.el.blockquote(item.comments, class_name="note", style={"white_space": "pre-line"}),
        ),
        rx.cond(item.hidden, rx.fragment(), _actions(item)),
        id="moderation-" + code,
        class_name="card",
    )


def _burst(burst: rx.Var) -> rx.Component:
    """One support burst: the report, how many supports and when; never the address."""
    burst_id = burst.id
    code = burst.code
    discounted = burst.discounted
    return rx.el.li(
        rx.el.div(
            rx.el.a(code, href="/staf/laporan/" + code, class_name="mono link-target"),
            rx.cond(discounted, rx.el.span(t("burst.is_discounted"), class_name="tag internal")),
            rx.cond(burst.hidden, rx.el.span(t("moderation.is_hidden"), class_name="tag internal")),
            class_name="report-head",
        ),
        rx.el.p(rx.el.strong(burst.title)),
        rx.el.p(burst.summary, class_name="burst-summary"),
        rx.el.p(burst.window, class_name="card-meta"),
        rx.el.div(
            rx.cond(
                discounted,
                rx.el.button(
                    t("burst.undo"),
                    type="button",
                    on_click=S.undo_discount(burst_id),
                    class_name="button secondary",
                    id="undo-burst-" + burst_id,
                ),
                rx.fragment(
                    rx.el.button(
                        t("burst.discount"),
                        type="button",
                        on_click=S.discount(burst_id),
                        class_name="button",
                        id="discount-burst-" + burst_id,
                    ),
                    rx.el.button(
                        t("burst.keep"),
                        type="button",
                        on_click=S.keep(burst_id),
                        class_name="button secondary",
                        id="keep-burst-" + burst_id,
                    ),
                ),
            ),
            class_name="action-row",
        ),
        id="burst-" + burst_id,
        class_name="card",
    )


def _bursts() -> rx.Component:
    return rx.cond(
        S.bursts.length() > 0,
        rx.el.section(
            rx.el.h2(t("burst.heading")),
            rx.el.p(t("burst.intro"), class_name="field-hint"),
            rx.el.ul(rx.foreach(S.bursts, _burst), class_name="report-list", id="burst-list"),
            id="support-bursts",
        ),
    )


@staff_page("/staf/moderasi", "moderation.page_title", on_load=ModerationQueueState.load)
def staff_moderation_page() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t("moderation.heading")),
        rx.el.p(t("moderation.intro"), class_name="field-hint"),
        rx.cond(S.message != "", rx.el.p(S.message, role="status", class_name="notice", id="moderation-message")),
        rx.cond(S.error != "", rx.el.p(S.error, role="alert", class_name="field-error", id="moderation-error")),
        undo_bar(S, S.undo_hide(S.undo_target), "queue-hide-undo"),
        confirm_dialog(S, "moderation.hide", S.hide(S.confirm_target), "queue-hide-dialog"),
        rx.cond(
            S.loaded & (S.items.length() == 0) & (S.bursts.length() == 0),
            rx.el.p(t("moderation.empty"), class_name="empty", id="moderation-empty"),
        ),
        _bursts(),
        rx.el.ul(rx.foreach(S.items, _item), class_name="report-list", id="moderation-list"),
    )
