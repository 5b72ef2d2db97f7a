"""The frame around every page: skip link, header with navigation and language switch, footer."""

import reflex as rx

from ..state.account import BellState
from ..state.lang import LangState, switch_language_script
from .i18n import BRAND, document_language, t


def _language_button(lang: str, label: str) -> rx.Component:
    return rx.el.button(
        label,
        type="button",
        class_name="lang-button",
        aria_pressed=rx.cond(LangState.current == lang, "true", "false"),
        lang=lang,
        on_click=switch_language_script(lang),
    )


def _nav_link(key: str, href: str) -> rx.Component:
    return rx.el.a(t(key), href=href, class_name="nav-link")


def bell() -> rx.Component:
    """Unread updates of followed reports; opening the list (/akun) marks them read."""
    return rx.el.a(
        rx.icon("bell", size=20, aria_hidden="true"),
        rx.cond(BellState.count > 0, rx.el.span(BellState.count, class_name="count-badge", id="bell-count")),
        rx.el.span(t("nav.notifications"), ": ", BellState.count, " ", t("account.unread"), class_name="sr-only"),
        href="/akun#notifications",
        id="bell",
        class_name="bell",
    )


def header() -> rx.Component:
    """On a phone two rows: brand and the report action, then navigation and language."""
    return rx.el.header(
        rx.el.a(
            rx.icon("megaphone", size=22, aria_hidden="true"),
            rx.el.span(BRAND),
            href="/",
            class_name="brand",
        ),
        rx.el.nav(
            _nav_link("nav.map", "/"),
            _nav_link("nav.track", "/lacak"),
            _nav_link("nav.performance", "/kinerja"),
            _nav_link("nav.account", "/akun"),
            aria_label=t("nav.label"),
            class_name="nav",
        ),
        rx.el.a(
            rx.icon("plus", size=18, aria_hidden="true"),
            t("nav.report"),
            href="/lapor",
            class_name="cta",
            id="nav-report",
        ),
        bell(),
        rx.el.div(
            _language_button("id", "ID"),
            _language_button("en", "EN"),
            role="group",
            aria_label=t("nav.language"),
            class_name="lang-switch",
        ),
        class_name="site-header",
    )


def footer() -> rx.Component:
    return rx.el.footer(
        rx.el.p(t("footer.about")),
        class_name="site-footer",
    )


def page_frame(*children: rx.Component) -> rx.Component:
    return rx.el.div(
        document_language(),
        rx.el.a(t("nav.skip"), href="#main", class_name="skip-link"),
        header(),
        rx.el.main(*children, id="main", tab_index=-1, class_name="site-main"),
        footer(),
        lang=LangState.current,
        class_name="site",
    )
