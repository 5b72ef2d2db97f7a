"""Registers a page with the shared frame (header, footer, language) and a title in the visitor's language."""

import functools
from collections.abc import Callable

import reflex as rx

from ..components.i18n import page_title
from ..components.layout import page_frame


def public_page(route: str, title_key: str, on_load=None) -> Callable:
    title = page_title(title_key)

    def decorator(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        # `wraps` gives the page the body's module: Reflex bundles a page's components by it, so
        # without it every page's code lands in one chunk that every page downloads.
        @rx.page(route=route, title=title, on_load=on_load)
        @functools.wraps(body)
        def page() -> rx.Component:
            return page_frame(body())

        return page

    return decorator
