"""What every channel adapter shares: taking a message in inside one transaction, and the send failure."""

from __future__ import annotations

from ..config import Settings
from ..db import session_scope
from ..domain.intake import Inbound, take_in
from ..media import MediaStore

BODY_LIMIT = 256 * 1024  # a webhook's JSON or form (photos are fetched separately, never posted to us)


class SendError(Exception):
    """The provider did not take the message; the outbox tries again later."""


def take_in_committed(message: Inbound, settings: Settings) -> None:
    """One message, one transaction (blocking: call it from a thread)."""
    with session_scope() as session:
        take_in(session, message, settings=settings, store=MediaStore(settings.media_dir))
