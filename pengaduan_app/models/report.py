from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


class Report(SQLModel, table=True):
    """A citizen's complaint.

    `reporter_name` and `reporter_contact` are private: they never leave the
    server except in staff views. `privacy` is one of domain.privacy.PRIVACY_CHOICES.
    `submitter_hash` and `client_hash` are keyed hashes of the submitting browser and
    network address (never the address itself), counted by domain.limits.
    """

    __table_args__ = (
        Index("ix_report_status_created", "status", "created_at"),
        # The overdue count in the staff header and the daily digest: open reports by unit, then deadline.
        Index("ix_report_status_due", "status", "due_at"),
        Index("ix_report_unit_status_due", "unit_area_id", "status", "due_at"),
        Index("ix_report_agency_status_due", "unit_agency", "status", "due_at"),
        # The public map groups reports by place; this index answers it without reading the table.
        Index("ix_report_map", "latitude", "longitude", "privacy", "status", "category_id", "created_at"),
        Index("ix_report_submitter_created", "submitter_hash", "created_at"),
        Index("ix_report_client_created", "client_hash", "created_at"),
        # The performance page's medians: the middle of each area's times, read in order from these indexes.
        *(
            Index(f"ix_report_{name}_{area or 'city'}", *([area] if area else []), name)
            for name in ("response_hours", "resolution_hours")
            for area in ("kota_id", "kecamatan_id", "kelurahan_id", None)
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    tracking_code: str = Field(max_length=24, unique=True, index=True)
    title: str = Field(max_length=120)
    description: str = Field(sa_column=Column(Text, nullable=False))
    category_id: int = Field(foreign_key="category.id", index=True)
    latitude: float
    longitude: float
    address: str = Field(default="", max_length=200)
    status: str = Field(default="new", max_length=20, index=True)
    privacy: str = Field(default="public", max_length=20, index=True)
    channel: str = Field(default="web", max_length=20)
    reporter_name: str = Field(default="", max_length=80)
    reporter_contact: str = Field(default="", max_length=120)
    # The contact normalised (e-mail lower case, phone digits with the 0 prefix): staff find a reporter's
    # reports by an exact match on it (domain.staff_queue).
    reporter_contact_key: str | None = Field(default=None, max_length=120, index=True)
    kota_id: int | None = Field(default=None, foreign_key="area.id", index=True)
    kecamatan_id: int | None = Field(default=None, foreign_key="area.id", index=True)
    kelurahan_id: int | None = Field(default=None, foreign_key="area.id", index=True)
    routing_approximate: bool = Field(default=False)
    support_count: int = Field(default=0)
    priority: int = Field(default=1, description="0 low, 1 normal, 2 high, 3 urgent")
    unit_area_id: int | None = Field(default=None, foreign_key="area.id", index=True)
    unit_agency: str | None = Field(default=None, max_length=40, index=True)
    assigned_user_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    duplicate_of_id: int | None = Field(default=None, foreign_key="report.id")
    hidden: bool = Field(default=False, index=True)
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    first_response_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The latest resolution's after photos, by their GPS (domain.photos): the farthest one's distance from
    # the place in metres (None: no photo had a position), and whether it passed the city's limit.
    after_photo_distance_m: int | None = Field(default=None)
    after_photo_far: bool = Field(default=False, index=True)
    citizen_id: int | None = Field(default=None, foreign_key="citizen.id", index=True)
    reporter_key_hash: str | None = Field(default=None, max_length=64, description="SHA-256 of the private link key")
    rating: int | None = Field(default=None, description="1-5, given when the reporter confirms the fix")
    # Kept by domain.figures from the columns above and the timeline, for the performance page.
    reopened: bool = Field(default=False)
    response_hours: float | None = Field(default=None)
    resolution_hours: float | None = Field(default=None)
    idempotency_key: str | None = Field(default=None, max_length=64, unique=True)
    submitter_hash: str | None = Field(default=None, max_length=32)
    client_hash: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
