"""`/staf/akun`: admins create, disable and reset staff accounts."""

import reflex as rx

from ..components.confirm_dialog import confirm_dialog, undo_bar
from ..components.fields import field
from ..components.i18n import t
from ..state.staff_accounts import AccountsState
from .staff_template import staff_page

A = AccountsState


def _labelled(key: str, control_id: str, control: rx.Component) -> rx.Component:
    return rx.el.div(rx.el.label(t(key), html_for=control_id, class_name="field-label"), control, class_name="field")


def _create_form() -> rx.Component:
    return rx.el.form(
        rx.el.h2(t("staff.account_new")),
        _labelled(
            "staff.username", "new-username", rx.el.input(id="new-username", name="username", class_name="input")
        ),
        _labelled(
            "staff.display_name", "new-name", rx.el.input(id="new-name", name="display_name", class_name="input")
        ),
        _labelled(
            "staff.role",
            "new-role",
            rx.el.select(
                rx.foreach(A.role_choices, lambda r: rx.el.option(t("role." + r), value=r)),
                id="new-role",
                name="role",
                class_name="input",
            ),
        ),
        _labelled(
            "staff.areas",
            "new-areas",
            rx.el.select(
                rx.el.option("—", value=""),
                rx.foreach(A.area_choices, lambda a: rx.el.option(a.label, value=a.value)),
                id="new-areas",
                name="areas",
                class_name="input",
            ),
        ),
        _labelled(
            "staff.agency",
            "new-agency",
            rx.el.select(
                rx.el.option("—", value=""),
                rx.foreach(A.agency_choices, lambda a: rx.el.option(a.label, value=a.value)),
                id="new-agency",
                name="agency",
                class_name="input",
            ),
        ),
        _email("new_email"),
        _labelled(
            "staff.password",
            "new-password",
            rx.el.input(
                id="new-password", name="password", type="password", auto_complete="new-password", class_name="input"
            ),
        ),
        rx.el.button(t("staff.account_create"), type="submit", class_name="button", id="create-account"),
        key=A.form_round.to(str),
        on_submit=A.create,
        no_validate=True,  # the address is checked by the server, its message in the reader's language
        class_name="card",
    )


def _email(control_id: str) -> rx.Component:
    """The daily digest address, its problem shown beside it (errors keyed by the control's id)."""
    return field(
        control_id,
        "staff.email",
        rx.el.input(
            id=control_id,
            name="email",
            type="email",
            input_mode="email",
            auto_complete="off",
            max_length=254,
            aria_describedby=f"{control_id}-hint",
            class_name="input",
        ),
        A.field_errors,
        hint_key="staff.email_hint",
    )


def _officer_field(control_id: str) -> rx.Component:
    """Which officer a form acts on (submitted as `user_id`)."""
    select = rx.el.select(
        rx.foreach(A.accounts, lambda a: rx.el.option(a.username, value=a.id)),
        id=control_id,
        name="user_id",
        class_name="input",
    )
    return _labelled("staff.username", control_id, select)


def _email_form() -> rx.Component:
    """Set or clear where an officer's daily digest goes (digest.py); the address is shown only to admins."""
    return rx.el.form(
        rx.el.h2(t("staff.email_heading")),
        _officer_field("email-user"),
        _email("email"),
        rx.el.button(t("staff.email_save"), type="submit", class_name="button secondary", id="email-save"),
        on_submit=A.set_email,
        no_validate=True,
        class_name="card",
        id="email-form",
    )


def _reset_form() -> rx.Component:
    return rx.el.form(
        rx.el.h2(t("staff.password_reset")),
        _officer_field("reset-user"),
        _labelled(
            "staff.password_new",
            "reset-password",
            rx.el.input(
                id="reset-password", name="password", type="password", auto_complete="new-password", class_name="input"
            ),
        ),
        rx.el.button(t("staff.password_reset"), type="submit", class_name="button secondary", id="reset-submit"),
        on_submit=A.reset_password,
        class_name="card",
    )


def _area_chip(area: rx.Var) -> rx.Component:
    return rx.el.li(
        area.name,
        rx.el.button(
            "×",
            type="button",
            on_click=A.remove_area(area.id),
            aria_label=t("staff.area_remove") + " " + area.name,
        ),
        class_name="area-chip",
    )


def _areas_form() -> rx.Component:
    """An officer's areas: choose the officer, remove areas, find others by typing part of the name."""
    return rx.el.div(
        rx.el.h2(t("staff.areas_heading")),
        _labelled(
            "staff.area_officer",
            "area-officer",
            rx.el.select(
                rx.el.option("—", value=""),
                rx.foreach(A.area_officers, lambda o: rx.el.option(o.label, value=o.value)),
                id="area-officer",
                value=A.area_user,
                on_change=A.choose_officer,
                class_name="input",
            ),
        ),
        rx.cond(
            A.area_user != "",
            rx.fragment(
                rx.el.ul(rx.foreach(A.area_chosen, _area_chip), class_name="area-chips", id="area-chosen"),
                _labelled(
                    "staff.area_search",
                    "area-search",
                    rx.debounce_input(
                        rx.el.input(
                            id="area-search",
                            value=A.area_query,
                            on_change=A.search_areas,
                            auto_complete="off",
                            class_name="input",
                        ),
                        debounce_timeout=200,
                    ),
                ),
                rx.el.div(
                    rx.foreach(
                        A.area_matches,
                        lambda a: rx.el.button(
                            "+ ", a.name, type="button", on_click=A.add_area(a.id), class_name="button secondary"
                        ),
                    ),
                    class_name="area-matches",
                    id="area-matches",
                ),
                rx.el.button(t("staff.areas_save"), on_click=A.save_areas, class_name="button", id="areas-save"),
            ),
        ),
        rx.cond(
            A.area_outside.length() > 0,
            rx.el.div(
                rx.el.p(t("staff.areas_outside")),
                rx.el.ul(rx.foreach(A.area_outside, lambda c: rx.el.li(rx.el.a(c, href="/staf/laporan/" + c.to(str))))),
                role="alert",
                class_name="field-error",
                id="areas-outside",
            ),
        ),
        class_name="card",
        id="officer-areas",
    )


COLUMNS = (
    "staff.username",
    "staff.display_name",
    "staff.role",
    "staff.unit",
    "staff.col.email",
    "filter.status",
    "staff.col.action",
)


def _row(account: rx.Var) -> rx.Component:
    """On a phone each row is a card: every value beside its column's name (`data-label`, staff.css)."""
    button = rx.cond(
        account.active,
        rx.el.button(
            t("staff.disable"),
            on_click=A.ask_disable(account.id),  # asks first, naming the account
            class_name="button secondary",
            id="toggle-" + account.username,
        ),
        rx.el.button(
            t("staff.enable"),
            on_click=A.set_active(account.id, True),
            class_name="button secondary",
            id="toggle-" + account.username,
        ),
    )
    values = (
        rx.el.span(account.username, class_name="mono"),
        account.name,
        account.role,
        account.unit,
        rx.cond(account.email != "", account.email, "—"),
        rx.cond(account.active, t("staff.active"), t("staff.disabled")),
        button,
    )
    return rx.el.tr(
        *[
            rx.el.td(value, data_label=t(key), class_name="account-email" if key == "staff.col.email" else "")
            for value, key in zip(values, COLUMNS, strict=True)
        ]
    )


@staff_page("/staf/akun", "page.staff_accounts", on_load=AccountsState.load)
def staff_accounts() -> rx.Component:
    return rx.cond(
        A.allowed,
        rx.fragment(
            rx.el.h1(t("staff.accounts_heading")),
            rx.cond(A.message != "", rx.el.p(A.message, role="status", class_name="notice", id="accounts-message")),
            rx.cond(A.error != "", rx.el.p(A.error, role="alert", class_name="field-error", id="accounts-error")),
            undo_bar(A, A.set_active(A.undo_target, True), "account-undo"),
            confirm_dialog(A, "staff.disable", A.set_active(A.confirm_target, False), "disable-dialog"),
            rx.el.div(
                rx.el.table(
                    rx.el.thead(rx.el.tr(*[rx.el.th(t(k), scope="col") for k in COLUMNS])),
                    rx.el.tbody(rx.foreach(A.accounts, _row)),
                    class_name="queue",
                    id="accounts",
                ),
                class_name="table-scroll",
            ),
            _areas_form(),
            _create_form(),
            _email_form(),
            _reset_form(),
        ),
        rx.el.p(t("staff.not_allowed"), role="alert"),
    )
