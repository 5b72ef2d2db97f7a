"""The daily digest, run by the app process itself: once a day at PENGADUAN_DIGEST_HOUR (Jakarta), working days.

Every worker runs this loop; the day's DigestRun row lets exactly one of them send (domain/digest.py). A
worker started after the hour sends the day's digest at once if nobody has (a restart does not skip a day).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import datetime, time, timedelta

from ..config import get_settings
from ..db import session_scope
from ..domain.digest import run_daily_digest
from ..domain.sla import JAKARTA, is_working_day
from ..models.types import utcnow

log = logging.getLogger(__name__)


def seconds_until_next(now: datetime, hour: int) -> float:
    """Seconds from `now` to the next `hour`:00 in Jakarta (tomorrow's when today's has passed)."""
    local = now.astimezone(JAKARTA)
    target = datetime.combine(local.date(), time(hour), tzinfo=JAKARTA)
    if target <= local:
        target = datetime.combine(local.date() + timedelta(days=1), time(hour), tzinfo=JAKARTA)
    return (target - local).total_seconds()


def run_if_due(hour: int, now: datetime | None = None) -> None:
    """Send the day's digest when it is a working day at or after `hour` (and nobody has sent it yet)."""
    now = now or utcnow()
    local = now.astimezone(JAKARTA)
    if local.hour < hour or not is_working_day(local.date()):
        return
    with session_scope() as session:
        digests = run_daily_digest(session, now)
    if digests is not None:
        log.info("daily digest sent to %d officers", len(digests))


async def run_digest_schedule() -> None:
    hour = get_settings().digest_hour
    while True:
        try:
            await asyncio.to_thread(run_if_due, hour)
        except Exception:  # a database or mail hiccup must not end the schedule for the life of the process
            log.exception("daily digest failed")
        await asyncio.sleep(seconds_until_next(utcnow(), hour) + 1)


@asynccontextmanager
async def digest_lifespan() -> AsyncIterator[None]:
    settings = get_settings()
    task = asyncio.create_task(run_digest_schedule()) if settings.digest_worker and settings.smtp_host else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
