"""`/staf/api`: admins create and revoke the keys Open311 clients file reports with."""

import reflex as rx

from ..components.confirm_dialog import confirm_dialog
from ..components.i18n import t
from ..state.staff_api_keys import ApiKeysState
from .staff_template import staff_page

K = ApiKeysState


def _new_key() -> rx.Component:
    return rx.el.div(
        rx.el.p(t("api_keys.new_key"), id="new-api-key-label"),
        rx.el.code(K.new_key, id="new-api-key", class_name="mono", aria_describedby="new-api-key-label"),
        rx.el.button(t("api_keys.dismiss"), on_click=K.dismiss_key, class_name="button secondary", id="dismiss-key"),
        role="status",
        class_name="card notice",
    )


def _create_form() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            rx.el.label(t("api_keys.name"), html_for="api-key-name", class_name="field-label"),
            rx.el.input(id="api-key-name", name="name", max_length=80, required=True, class_name="input"),
            class_name="field",
        ),
        rx.el.button(t("api_keys.create"), type="submit", class_name="button", id="create-api-key"),
        on_submit=K.create,
        reset_on_submit=True,
        class_name="card",
    )


COLUMNS = (
    "api_keys.name",
    "api_keys.prefix",
    "api_keys.created_by",
    "api_keys.created_at",
    "api_keys.last_used",
    "filter.status",
    "staff.col.action",
)


def _row(key: rx.Var) -> rx.Component:
    """On a phone each key is a card: every value beside its column's name (`data-label`, staff.css)."""
    revoked = key.revoked != ""
    values = (
        key.name,
        rx.el.span(key.prefix, class_name="mono"),
        key.created_by,
        key.created_at,
        key.last_used,
        rx.cond(revoked, rx.el.span(t("api_keys.revoked"), " ", key.revoked), t("api_keys.active")),
        rx.cond(
            revoked,
            "",
            rx.el.button(
                t("api_keys.revoke"),
                on_click=K.ask_revoke(key.id),
                class_name="button secondary",
                id="revoke-" + key.id,
            ),
        ),
    )
    return rx.el.tr(*[rx.el.td(value, data_label=t(k)) for value, k in zip(values, COLUMNS, strict=True)])


def _table() -> rx.Component:
    return rx.el.div(
        rx.el.table(
            rx.el.caption(t("api_keys.table"), class_name="sr-only"),
            rx.el.thead(rx.el.tr(*[rx.el.th(t(k), scope="col") for k in COLUMNS])),
            rx.el.tbody(rx.foreach(K.keys, _row)),
            class_name="queue",
            id="api-keys",
        ),
        class_name="table-scroll",
    )


@staff_page("/staf/api", "page.staff_api_keys", on_load=ApiKeysState.load)
def staff_api_keys() -> rx.Component:
    return rx.cond(
        K.allowed,
        rx.fragment(
            rx.el.h1(t("api_keys.heading")),
            rx.el.p(t("api_keys.intro")),
            rx.el.p(rx.el.a(t("api_keys.docs"), href="/open311/v2/openapi.json", class_name="link-target")),
            rx.cond(K.message != "", rx.el.p(K.message, role="status", class_name="notice", id="api-keys-message")),
            rx.cond(K.error != "", rx.el.p(K.error, role="alert", class_name="field-error", id="api-keys-error")),
            rx.cond(K.new_key != "", _new_key()),
            _create_form(),
            rx.cond(K.keys.length() > 0, _table(), rx.el.p(t("api_keys.empty"))),
            confirm_dialog(K, "api_keys.revoke", K.revoke(K.confirm_target), "revoke-dialog"),
        ),
        rx.el.p(t("staff.not_allowed"), role="alert"),
    )
