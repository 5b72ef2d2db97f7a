"""The public map's grid cells, kept by domain.map_cells as reports change."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel


class MapCell(SQLModel, table=True):
    """How many visible reports of one status and category lie in one grid cell at one zoom, and the sums
    of their positions (for the cluster's mean position) and of their ids (a cell of one report: its id)."""

    __tablename__ = "map_cell"

    zoom: int = Field(primary_key=True)
    gy: int = Field(primary_key=True)
    gx: int = Field(primary_key=True)
    status: str = Field(primary_key=True, max_length=20)
    category_id: int = Field(primary_key=True)
    reports: int = 0
    sum_lat: float = 0.0
    sum_lon: float = 0.0
    sum_id: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
