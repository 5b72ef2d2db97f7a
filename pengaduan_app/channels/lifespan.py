"""What the channels run beside the app: the e-mail intake server (when its port is set) and the deliverer
(when any channel is configured and PENGADUAN_OUTBOX_WORKER is not 0)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from ..config import Settings, get_settings
from . import email
from .delivery import run_deliverer

log = logging.getLogger(__name__)


def _intake_server(settings: Settings):
    """The SMTP server; with several workers the first to bind the port runs it, the others go without."""
    try:
        return email.start_server(settings)
    except OSError as err:
        log.info("e-mail intake not started in this worker (%s); another worker serves the port", err)
        return None


@asynccontextmanager
async def channels_lifespan() -> AsyncIterator[None]:
    settings = get_settings()
    server = _intake_server(settings) if settings.email_intake_enabled else None
    any_channel = settings.whatsapp_enabled or settings.sms_enabled or settings.email_intake_enabled
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
