from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class StatusChange(SQLModel, table=True):
    """One step of a report's timeline. `public` steps show on the report page."""

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(default="", max_length=120)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    public: bool = Field(default=True)
