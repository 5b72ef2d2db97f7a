"""Reading the area hierarchy for filters and area pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from ..geo.names import display_name
from ..models import Area, Category, Report
from .public_reports import ReportFilter, filter_conditions

LEVEL_FIELDS = {"kota": "kota_id", "kecamatan": "kecamatan_id", "kelurahan": "kelurahan_id"}


@dataclass(frozen=True)
class AreaOption:
    id: int
    name: str
    level: str = ""


@dataclass(frozen=True)
class AreaInfo:
    id: int
    level: str
    name: str
    approximate: bool
    parents: list[AreaOption]
    children: list[AreaOption]

    def report_filter_values(self) -> dict[str, str]:
        """The map/list filter values that select this area's reports (its own level and its parents')."""
        lineage = [*self.parents, AreaOption(self.id, self.name, self.level)]
        return {a.level: str(a.id) for a in lineage if a.level in LEVEL_FIELDS}


def area_options(session: Session, level: str, parent_id: int | None = None) -> list[AreaOption]:
    statement = select(Area.id, Area.name).where(Area.level == level)
    if parent_id is not None:
        statement = statement.where(Area.parent_id == parent_id)
    return [AreaOption(i, display_name(n)) for i, n in session.exec(statement.order_by(Area.name)).all()]


def _parents(session: Session, area: Area) -> list[Area]:
    chain = []
    current = area
    while current.parent_id is not None:
        current = session.get(Area, current.parent_id)
        if current is None:
            break
        chain.insert(0, current)
    return chain


def area_info(session: Session, area_id: int) -> AreaInfo | None:
    area = session.get(Area, area_id)
    if area is None:
        return None
    children = session.exec(select(Area.id, Area.name).where(Area.parent_id == area.id).order_by(Area.name)).all()
    return AreaInfo(
        id=area.id,
        level=area.level,
        name=display_name(area.name),
        approximate=area.approximate,
        parents=[AreaOption(p.id, display_name(p.name), p.level) for p in _parents(session, area)],
        children=[AreaOption(i, display_name(n)) for i, n in children],
    )


def public_report_counts_by_child(session: Session, area: AreaInfo) -> dict[int, int]:
    """Public reports per child area, for an area page's list of children (the public pages' visibility rule)."""
    child_level = {"kota": "kecamatan_id", "kecamatan": "kelurahan_id"}.get(area.level)
    if child_level is None:
        return {}
    column = getattr(Report, child_level)
    rows = session.exec(
        select(column, func.count(Report.id))
        .where(getattr(Report, LEVEL_FIELDS[area.level]) == area.id, *filter_conditions(ReportFilter()))
        .group_by(column)
    ).all()
    return {area_id: count for area_id, count in rows if area_id is not None}


def responsible_unit(category: Category, route) -> dict:
    """Who handles a new report: the category's agency for city-wide problems, else the lowest area."""
    if category.agency:
        return {"unit_agency": category.agency, "unit_area_id": None}
    return {"unit_agency": None, "unit_area_id": route.kelurahan_id or route.kecamatan_id}
