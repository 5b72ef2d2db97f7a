"""Retiring areas that a boundary load replaces, without breaking anything that points at them.

Every column with a foreign key to `area.id` (found in the metadata, so a new model is covered
without a change here) is moved from a retired area to its successor: the new area of the same
level and name path. An area that is still referenced and has no successor stops the load,
named, before anything is moved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Column, delete, func, select, update
from sqlmodel import Session, SQLModel

from ..models import Area
from .geojson import AreaLoadError
from .names import display_name


@dataclass(frozen=True)
class Retirement:
    """Rows to retire; `successors` maps a retired id to the id that takes its references."""

    retired: frozenset[int]
    successors: Mapping[int, int]
    labels: Mapping[int, str]  # 'kecamatan "Gambir" (Jakarta Pusat)', for messages


def area_references() -> list[Column]:
    """Every column in the schema that holds an area id."""
    area_id = Area.__table__.c.id
    return [
        column
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if any(key.column is area_id for key in column.foreign_keys)
    ]


def unmatched_in_use(session: Session, plan: Retirement) -> list[str]:
    """Labels of retired areas that something still points at and no new area takes over."""
    orphans = plan.retired - set(plan.successors)
    if not orphans:
        return []
    uses: dict[int, list[str]] = {}
    for column in area_references():
        query = select(column, func.count()).where(column.in_(orphans))
        if column.table is Area.__table__:
            query = query.where(Area.__table__.c.id.not_in(plan.retired))  # retired children go too
        for area_id, count in session.execute(query.group_by(column)).all():
            uses.setdefault(area_id, []).append(f"{count} × {column.table.name}.{column.name}")
    return [f"{plan.labels[area_id]}: {', '.join(found)}" for area_id, found in sorted(uses.items())]


def retire(session: Session, plan: Retirement) -> int:
    """Move every reference to its successor, then delete the retired rows; return how many references moved.

    Refuses (AreaLoadError, nothing moved) while an unmatched area is still in use.
    """
    in_use = unmatched_in_use(session, plan)
    if in_use:
        raise AreaLoadError(
            "these areas are still in use and the new boundaries have no area of the same level and name:\n  "
            + "\n  ".join(in_use)
        )
    moved = sum(_move(session, column, plan.successors) for column in area_references())
    session.flush()
    return moved


def delete_retired(session: Session, plan: Retirement) -> int:
    """Delete the retired rows (one statement, so a retired child and its retired parent go together)."""
    if not plan.retired:
        return 0
    return session.execute(delete(Area).where(Area.__table__.c.id.in_(plan.retired))).rowcount


def _move(session: Session, column: Column, successors: Mapping[int, int]) -> int:
    """Each retired area has its own successor (keys are unique), so no key row can collide."""
    moved = 0
    for old, new in successors.items():
        moved += session.execute(update(column.table).where(column == old).values({column.name: new})).rowcount
    return moved


def label(area: Area, parents: Iterable[Area]) -> str:
    """'kecamatan "Gambir" (Jakarta Pusat)': how an admin recognises an area in a message."""
    above = " / ".join(display_name(parent.name) for parent in parents)
    return f'{area.level} "{display_name(area.name)}"' + (f" ({above})" if above else "")
