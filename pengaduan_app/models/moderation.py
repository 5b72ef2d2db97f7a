from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class Flag(SQLModel, table=True):
    """A visitor marked a public report as inappropriate; open flags wait in the moderation list."""

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    reason: str = Field(max_length=40)
    comment: str = Field(default="", max_length=500)
    client: str = Field(default="", max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    resolved: bool = Field(default=False, index=True)


class Redaction(SQLModel, table=True):
    """The original of redacted text or photo, kept for admins only."""

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    target: str = Field(max_length=40)  # "title", "description", "timeline:<id>", "photo:<id>"
    original: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(max_length=200)
    actor_id: int | None = Field(default=None, foreign_key="staff_user.id")
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
