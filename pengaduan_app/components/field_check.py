"""The mark of an after photo taken far from the report's place (domain.photos), on the queue and the
report page: icon plus words, never colour alone."""

import reflex as rx

from .i18n import t


def far_photo_badge(distance: rx.Var | None = None, **props) -> rx.Component:
    """ "Foto jauh dari lokasi", with the distance when given (e.g. "1,2 km")."""
    return rx.el.span(
        rx.icon("map-pin-off", size=14, aria_hidden="true"),
        t("staff.far_photo"),
        *([] if distance is None else [" · ", distance]),
        class_name="far-photo",
        **props,
    )
