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


async def browser_key(state: rx.State, *, create: bool = False) -> str | None:
    """This browser's key (`v:<id>`); None if it has no (valid) id yet, unless `create` gives it one."""
    visitor = await state.get_state(VisitorState)
    try:
        return visitor_key(visitor.visitor_id)
    except SupportRefused:
        if not create:
            return None
    visitor.visitor_id = new_visitor_id()
    return visitor_key(visitor.visitor_id)


async def _account_key(state: rx.State) -> str | None:
    from .account import current_citizen  # account.py builds on this module

    citizen = await current_citizen(state)
    return citizen.follower_key if citizen else None


async def known_supporter_key(state: rx.State) -> str | None:
    """Who supports and follows from here: the signed-in account, else the browser (None if it has no id).

    A signed-in citizen acts as their account (what the browser did before moved to it at sign-in:
    domain.citizens), so two browsers of one person never count twice."""
    return await _account_key(state) or await browser_key(state)


async def supporter_key(state: rx.State) -> str:
    """As known_supporter_key, giving the browser an id first if it needs one."""
    return await _account_key(state) or await browser_key(state, create=True)
