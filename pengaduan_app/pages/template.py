"""Registers a page with the shared frame (header, footer, language) and a title in the visitor's language."""

import functools
from collections.abc import Callable

import reflex as rx

from ..components.i18n import page_title
from ..components.layout import page_frame
from ..state.page_load import PageLoadState, register_page_load


def public_page(route: str, title_key: str, on_load=None) -> Callable:
    """A citizen-facing page. Its own `on_load` handlers and the count of the header bell's unread updates run
    as one event (state.page_load)."""
    title = page_title(title_key)
    register_page_load(
        route, () if on_load is None else tuple(on_load) if isinstance(on_load, (list, tuple)) else (on_load,)
    )
    on_load = PageLoadState.open(route)

    def decorator(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        # `wraps` gives the page the body's module: Reflex bundles a page's components by it, so
        # without it every page's code lands in one chunk that every page downloads.
        @rx.page(route=route, title=title, on_load=on_load)
        @functools.wraps(body)
        def page() -> rx.Component:
            return page_frame(body())

        return page

    return decorator
