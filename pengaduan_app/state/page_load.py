"""Opening a public page is one event: the page's own on-load handlers, then the header bell's count.

Reflex runs a tab's events one after another, and each chained event joins the back of the line behind
every other tab's, so each handler of a page's on-load list costs the visitor another wait. With the bell as
a second handler every page opening waited once more (bench/load.py at 200 visitors: the pages' p95 about a
fifth longer; bench/README.md).
"""

from __future__ import annotations

import inspect

import reflex as rx
from reflex_base.event import EventHandler

from .account import count_unread

# route -> that page's own on-load handlers, filled by pages.template.public_page
PAGE_LOADS: dict[str, tuple[EventHandler, ...]] = {}


def register_page_load(route: str, handlers: tuple[EventHandler, ...]) -> None:
    for handler in handlers:
        if inspect.isasyncgenfunction(handler.fn) or inspect.isgeneratorfunction(handler.fn):
            raise TypeError(f"{route}: an on-load run by PageLoadState must return its events, not yield them")
    PAGE_LOADS[route] = handlers


class PageLoadState(rx.State):
    @rx.event
    async def open(self, route: str):
        """The on-load of every public page: its own handlers (each on its own state, as Reflex would call it),
        then the bell. `route` comes from the browser: an unknown one runs only the bell."""
        events: list = []
        for handler in PAGE_LOADS.get(route, ()) if isinstance(route, str) else ():
            result = handler.fn(await self.get_state(handler.state))
            if inspect.iscoroutine(result):
                result = await result
            if result is not None:
                events += result if isinstance(result, list) else [result]
        await count_unread(self)
        return events
