"""Who this browser is: its long-lived visitor id, the key it supports, follows and files reports under.

The server gives the browser its id (a cookie) the first time it needs one; the map endpoints read the
same cookie to mark what this browser supports.
"""

from __future__ import annotations

import reflex as rx

from ..domain.support import VISITOR_COOKIE, SupportRefused, new_visitor_id, visitor_key

TWO_YEARS = 2 * 365 * 24 * 3600


class VisitorState(rx.State):
    visitor_id: str = rx.Cookie("", name=VISITOR_COOKIE, max_age=TWO_YEARS, same_site="lax")


async def known_supporter_key(state: rx.State) -> str | None:
    """This visitor's supporter key, or None if the browser has no (valid) id yet."""
    try:
        return visitor_key((await state.get_state(VisitorState)).visitor_id)
    except SupportRefused:
        return None


async def supporter_key(state: rx.State) -> str:
    """This visitor's supporter key, giving the browser an id first if it has none."""
    key = await known_supporter_key(state)
    if key is None:
        visitor = await state.get_state(VisitorState)
        visitor.visitor_id = new_visitor_id()
        key = visitor_key(visitor.visitor_id)
    return key
