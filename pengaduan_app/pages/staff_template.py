"""The staff workspace frame: its own navigation, sign-in required on every page."""

import functools
from collections.abc import Callable

import reflex as rx

from ..components.i18n import page_title, t
from ..components.layout import page_frame
from ..components.post_form import post_form
from ..state.staff_auth import StaffState


def _overdue_badge() -> rx.Component:
    """The officer's overdue reports, a link to the queue showing just those."""
    return rx.el.a(
        rx.icon("alarm-clock", size=16, aria_hidden="true"),
        rx.el.span(StaffState.overdue, id="overdue-count"),
        " ",
        t("staff.overdue"),
        href="/staf?overdue=1",
        title=t("staff.overdue_badge"),
        aria_label=StaffState.overdue.to(str) + " · " + t("staff.overdue_badge").to(str),
        class_name="overdue-badge",
        id="overdue-badge",
    )


def _staff_nav() -> rx.Component:
    link = lambda key, href: rx.el.a(t(key), href=href, class_name="staff-nav-link")  # noqa: E731
    return rx.el.nav(
        link("staff.nav.queue", "/staf"),
        link("staff.nav.desk", "/staf/loket"),
        rx.cond((StaffState.role == "moderator") | StaffState.is_admin, link("staff.nav.moderation", "/staf/moderasi")),
        rx.cond(StaffState.is_admin, link("staff.nav.accounts", "/staf/akun")),
        rx.cond(StaffState.is_admin, link("staff.nav.audit", "/staf/audit")),
        rx.cond(StaffState.is_admin, link("staff.nav.api_keys", "/staf/api")),
        rx.cond(StaffState.is_admin, link("staff.nav.categories", "/staf/kategori")),
        rx.cond(StaffState.is_admin, link("staff.nav.templates", "/staf/templat")),
        link("staff.nav.two_factor", "/staf/dua-langkah/pemulihan"),
        rx.cond(StaffState.overdue > 0, _overdue_badge()),
        rx.el.span(StaffState.display_name, class_name="staff-who"),
        post_form(
            rx.el.button(t("staff.sign_out"), type="submit", class_name="button secondary", id="sign-out"),
            action="/staf/keluar",
            class_name="staff-sign-out",
        ),
        aria_label=t("staff.nav.label"),
        class_name="staff-nav",
    )


def staff_page(route: str, title_key: str, on_load=None) -> Callable:
    """Register a staff page titled by a catalog key; the sign-in check runs first, then the page's own loader."""
    loaders = [StaffState.require_sign_in] + ([on_load] if on_load is not None else [])
    title = page_title(title_key)

    def decorator(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        @rx.page(route=route, title=title, on_load=loaders)
        @functools.wraps(body)  # each staff page its own chunk (see pages/template.py)
        def page() -> rx.Component:
            return page_frame(
                rx.cond(
                    StaffState.signed_in,
                    rx.el.div(_staff_nav(), body(), class_name="staff"),
                    rx.el.p(t("common.loading"), role="status"),
                )
            )

        return page

    return decorator
