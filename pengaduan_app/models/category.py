from __future__ import annotations

from sqlmodel import Field, SQLModel


class Category(SQLModel, table=True):
    """A kind of problem citizens can report, e.g. `jalan_rusak`."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True, index=True)
    name_id: str = Field(max_length=80)
    name_en: str = Field(max_length=80)
    icon: str = Field(default="circle-alert", max_length=40)
    color: str = Field(default="#64748b", max_length=9)
    sla_days: int = Field(default=5, description="Target in working days")
    sort_order: int = Field(default=0)
    active: bool = Field(default=True)
    agency: str | None = Field(default=None, max_length=40, description="City-wide: handled by this dinas")
