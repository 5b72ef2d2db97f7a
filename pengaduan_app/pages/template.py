"""Registers a page with the shared frame (header, footer, language)."""

from collections.abc import Callable

import reflex as rx

from ..components.layout import page_frame


def public_page(route: str, title: str, on_load=None) -> Callable:
    def decorator(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        @rx.page(route=route, title=title, on_load=on_load)
        def page() -> rx.Component:
            return page_frame(body())

        page.__name__ = body.__name__
        return page

    return decorator
