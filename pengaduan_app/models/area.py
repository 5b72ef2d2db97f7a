from __future__ import annotations

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Area(SQLModel, table=True):
    """An administrative unit: kota/kabupaten, kecamatan or kelurahan.

    `level` is a free word so another city can use its own levels; `parent_id`
    builds the hierarchy. `geometry` is GeoJSON text (None for approximate
    areas, which route by their centre only).
    """

    __table_args__ = (UniqueConstraint("level", "name", "parent_id", name="uq_area_level_name_parent"),)

    id: int | None = Field(default=None, primary_key=True)
    level: str = Field(max_length=20, index=True)
    name: str = Field(max_length=120)
    parent_id: int | None = Field(default=None, foreign_key="area.id", index=True)
    centroid_lat: float
    centroid_lon: float
    approximate: bool = Field(default=False)
    geometry: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
