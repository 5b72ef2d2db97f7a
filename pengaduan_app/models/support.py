from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class Support(SQLModel, table=True):
    """One person's "Saya juga" on a report; the unique pair makes a second one impossible.

    `supporter_key` names the person: `v:<id>` for a visitor's browser (later
    `u:<id>` for a citizen account). `client_hash` is a keyed hash of the
    client's IP address, kept only to limit supports per address per hour and to
    notice bursts. A support in a burst a moderator discounted (`discounted`) is
    kept but not counted in `report.support_count`.
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
    burst_id: int | None = Field(default=None, foreign_key="support_burst.id", ondelete="SET NULL", index=True)
    discounted: bool = Field(default=False)


class SupportBurst(SQLModel, table=True):
    """Many supports to one report from one client address within minutes (domain/support.py): waiting
    for a moderator (`open`), `discounted` (its supports no longer count) or `kept` (they count)."""

    __tablename__ = "support_burst"
    __table_args__ = (Index("ix_support_burst_report_client", "report_id", "client_hash", "last_at"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", ondelete="CASCADE")
    client_hash: str = Field(max_length=32)
    last_at: datetime = Field(sa_type=UTCDateTime)  # the latest support that joined it
    flagged_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    status: str = Field(default="open", max_length=12, index=True)
    decided_by: int | None = Field(default=None, foreign_key="staff_user.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
