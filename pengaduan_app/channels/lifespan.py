"""What the channels run beside the app: the e-mail intake server (when its port is set) and the deliverer
(when any channel or outgoing e-mail is configured and PENGADUAN_OUTBOX_WORKER is not 0)."""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from ..config import Settings, get_settings
from . import email
from .delivery import run_deliverer

log = logging.getLogger(__name__)


def _claim_intake(settings: Settings) -> int | None:
    """A lock held for the life of this process: with several workers on one machine exactly one takes it and
    runs the SMTP server (a second one trying to bind the same port brought its worker down)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(settings.data_dir / f"intake-smtp-{settings.intake_smtp_port}.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return None
    return descriptor


def _intake_server(settings: Settings):
    """The SMTP server, in the one worker that holds the intake lock; the others go without."""
    if _claim_intake(settings) is None:
        log.info("e-mail intake runs in another worker of this machine")
        return None
    try:
        return email.start_server(settings)
    except OSError as err:
        log.warning("e-mail intake could not start (%s)", err)
        return None


@asynccontextmanager
async def channels_lifespan() -> AsyncIterator[None]:
    settings = get_settings()
    server = _intake_server(settings) if settings.email_intake_enabled else None
    any_channel = settings.whatsapp_enabled or settings.sms_enabled or settings.email_intake_enabled
    any_channel = any_channel or bool(settings.smtp_host)  # followers' e-mails wait in the outbox
    deliverer = asyncio.create_task(run_deliverer()) if settings.outbox_worker and any_channel else None
    try:
        yield
    finally:
        if deliverer is not None:
            deliverer.cancel()
            with suppress(asyncio.CancelledError):
                await deliverer
        if server is not None:
            server.stop()
