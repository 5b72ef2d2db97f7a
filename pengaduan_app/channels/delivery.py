"""Delivering the outbox: claim due messages, hand each to its channel's sender, mark it sent or due later.

Two drivers share this code. In the app process a background task delivers right after each commit that
queued a message (it is woken) and checks every POLL_SECONDS for retries that fell due, so the embedded
single-process setup needs no extra service. `pengaduan outbox` runs one pass from cron or a systemd timer
for setups that turn the task off (PENGADUAN_OUTBOX_WORKER=0) or want a separate sender. Claims make every
driver safe beside the others: each message goes to one of them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime

from ..config import Settings, get_settings
from ..db import session_scope
from ..domain.notifications import NOTICE, Outgoing, claim_due, mark_failed, mark_sent, on_enqueue
from ..models.types import utcnow
from . import email, sms, whatsapp
from .common import SendError

log = logging.getLogger(__name__)
POLL_SECONDS = 15.0
SENDERS: dict[str, Callable[[Outgoing, Settings], None]] = {
    "whatsapp": whatsapp.send,
    "email": email.send,
    "sms": sms.send,
    NOTICE: email.send_notice,
}


def deliver_due(settings: Settings | None = None, limit: int = 20, now: datetime | None = None) -> tuple[int, int]:
    """One pass (blocking): (sent, failed) among the messages due at `now`."""
    settings = settings or get_settings()
    now = now or utcnow()
    with session_scope() as session:
        claimed = claim_due(session, now, limit=limit)
    sent = failed = 0
    for message in claimed:
        try:
            SENDERS[message.channel](message, settings)
        except SendError as err:
            log.warning("outbox message %s (%s) not delivered: %s", message.id, message.channel, err)
            with session_scope() as session:
                mark_failed(session, message, str(err), settings.outbox_max_attempts, now)
            failed += 1
            continue
        with session_scope() as session:
            mark_sent(session, message.id, now)
        sent += 1
    return sent, failed


async def run_deliverer() -> None:
    """Deliver forever: after every wake-up (a commit queued messages) and every POLL_SECONDS."""
    loop = asyncio.get_running_loop()
    wake = asyncio.Event()
    stop_listening = on_enqueue(lambda: loop.call_soon_threadsafe(wake.set))
    try:
        while True:
            wake.clear()
            try:
                await asyncio.to_thread(deliver_due)
            except Exception:  # a database hiccup must not end delivery for the life of the process
                log.exception("outbox delivery pass failed")
            with suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=POLL_SECONDS)
    finally:
        stop_listening()
