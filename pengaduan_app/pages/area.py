"""`/wilayah/<id>`: an area (kota, kecamatan or kelurahan), its parts, and its reports."""

import reflex as rx

from ..components.i18n import t
from ..state.area import AreaState
from .browse import map_and_list
from .template import public_page


def _crumb(parent: rx.Var) -> rx.Component:
    return rx.el.li(rx.el.a(parent.name, href="/wilayah/" + parent.id))


def _child(child: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.a(child.name, href="/wilayah/" + child.id),
        " (",
        child.count,
        ")",
    )


def _found() -> rx.Component:
    a = AreaState.area
    return rx.fragment(
        rx.el.nav(
            rx.el.ol(rx.foreach(AreaState.parents, _crumb), class_name="breadcrumbs"),
            aria_label=t("area.breadcrumbs"),
        ),
        rx.el.h1(
            rx.match(
                a.level,
                ("kota", t("area.kota")),
                ("kecamatan", t("area.kecamatan")),
                ("kelurahan", t("area.kelurahan")),
                a.level,
            ),
            " ",
            a.name,
            id="area-title",
        ),
        rx.cond(a.approximate, rx.el.p(t("area.approximate_note"), class_name="note-approx")),
        rx.cond(
            AreaState.children.length() > 0,
            rx.el.section(
                rx.el.h2(t("area.parts")),
                rx.el.ul(rx.foreach(AreaState.children, _child), class_name="children"),
            ),
        ),
        map_and_list("area.reports"),
    )


@public_page("/wilayah/[area_id]", "page.area", on_load=AreaState.load)
def area_page() -> rx.Component:
    return rx.cond(
        AreaState.loaded,
        rx.cond(
            AreaState.found,
            _found(),
            rx.el.div(rx.el.h1(t("area.not_found")), rx.el.a(t("report.back_to_map"), href="/", class_name="button")),
        ),
        rx.el.p(t("common.loading"), role="status"),
    )
