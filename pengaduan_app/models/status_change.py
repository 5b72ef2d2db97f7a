from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class StatusChange(SQLModel, table=True):
    """One step of a report's timeline: a status change, a reply or an internal note.

    `public` steps show on the report page unless moderation `hidden` them.
    """

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(default="", max_length=120)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    public: bool = Field(default=True)
    action: str = Field(default="submit", max_length=20)
    author_id: int | None = Field(default=None, foreign_key="staff_user.id")
    hidden: bool = Field(default=False)
