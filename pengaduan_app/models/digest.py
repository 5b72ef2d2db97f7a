from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class DigestRun(SQLModel, table=True):
    """One row per day the officers' digest was sent: the key makes a second run of that day (another worker,
    cron and the app both) find it taken and send nothing."""

    __tablename__ = "digest_run"

    day: str = Field(primary_key=True, max_length=10)  # YYYY-MM-DD in Jakarta
    claimed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recipients: int = 0
