"""Receives `postMessage` events from the map iframes (a clicked location)."""

from reflex_base.event import EventHandler
from reflex_base.vars.base import Var
from reflex_base.vars.object import ObjectVar
from reflex_components_core.core.window_events import WindowEventListener


def _message_spec(e: ObjectVar) -> tuple[Var[dict]]:
    # Only this site's own windows (the page, its map frames) are heard; a window of another site
    # that holds a reference to this page (it opened it, or frames it) hands the handler None.
    return (Var(f"({e.origin} === window.location.origin ? {e.data} : null)").to(dict),)


class MessageListener(WindowEventListener):
    """A window listener with an `on_message` trigger; the handler must validate what it gets."""

    on_message: EventHandler[_message_spec]


message_listener = MessageListener.create
