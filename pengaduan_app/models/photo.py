from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class Photo(SQLModel, table=True):
    """A processed photo of a report: `kind` is `report` (before) or `after` (proof)."""

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    kind: str = Field(default="report", max_length=10)
    position: int = Field(default=0)
    sha256: str = Field(max_length=64)
    filename: str = Field(max_length=100)
    thumb_filename: str = Field(max_length=100)
    width: int
    height: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
