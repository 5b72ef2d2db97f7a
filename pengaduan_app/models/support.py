from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class Support(SQLModel, table=True):
    """One person's "Saya juga" on a report; the unique pair makes a second one impossible.

    `supporter_key` names the person: `v:<id>` for a visitor's browser (later
    `u:<id>` for a citizen account). `client_hash` is a keyed hash of the
    client's IP address, kept only to limit supports per address per hour.
    """

    __table_args__ = (
        UniqueConstraint("report_id", "supporter_key", name="uq_support_report_supporter"),
        Index("ix_support_supporter_created", "supporter_key", "created_at"),
        Index("ix_support_client_created", "client_hash", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", ondelete="CASCADE")
    supporter_key: str = Field(max_length=64)
    client_hash: str = Field(default="", max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
