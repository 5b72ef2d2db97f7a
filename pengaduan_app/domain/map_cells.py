"""The public map's grid, kept cell by cell as reports change, so that no request walks every report.

The grid is fixed to the globe: at each zoom, cells of `cell_size(zoom)` degrees counted from -90/-180.
For every zoom up to CELL_MAX_ZOOM each visible report counts in one cell (models.MapCell, split by
status and category so the map's status and category filters read cells too); domain.report_rollups
moves a report's share on every change. A cell also sums its reports' positions (the cluster's mean
position) and ids (in a cell of one report, its id): both exact under increments and decrements.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Float, Integer, cast, delete, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from ..models import MapCell, Report
from . import privacy
from .increments import add_amounts
from .viewport import BBox

CELL_PIXELS = 64  # a cluster icon is 40 px: neighbours never overlap
CELL_MAX_ZOOM = 13  # Jakarta holds about 1,000 cells at 13; closer views read the reports in their box
FIELDS = ("id", "latitude", "longitude", "status", "category_id", "privacy", "hidden")
_KEY = ("zoom", "gy", "gx", "status", "category_id")


def cell_size(zoom: int) -> float:
    """Degrees per grid cell: CELL_PIXELS at this zoom (256-pixel Web Mercator tiles)."""
    return 360.0 * CELL_PIXELS / (256 * 2**zoom)


def grid_position(latitude: float, longitude: float, cell: float) -> tuple[int, int]:
    """(row, column) of the cell holding a point; the same arithmetic as GridIndex in SQL."""
    return math.floor((latitude + 90) / cell), math.floor((longitude + 180) / cell)


class GridIndex(FunctionElement):
    """floor(value), for value >= 0: a plain integer cast on SQLite (no math functions needed there)."""

    type = Integer()
    inherit_cache = True


@compiles(GridIndex)
def _grid_index_default(element, compiler, **kw):
    return f"FLOOR({compiler.process(element.clauses, **kw)})"


@compiles(GridIndex, "sqlite")
def _grid_index_sqlite(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS INTEGER)"


def _visible(values: dict) -> bool:
    return privacy.is_publicly_visible(values["privacy"]) and not values["hidden"]


def apply_changes(session: Session, old: Iterable[dict], new: Iterable[dict]) -> None:
    """Subtract the cells of `old` report values and add those of `new`."""
    amounts: dict[tuple, list] = defaultdict(lambda: [0, 0.0, 0.0, 0])
    for sign, rows in ((-1, old), (1, new)):
        for values in rows:
            if not _visible(values):
                continue
            for zoom in range(CELL_MAX_ZOOM + 1):
                gy, gx = grid_position(values["latitude"], values["longitude"], cell_size(zoom))
                total = amounts[(zoom, gy, gx, values["status"], values["category_id"])]
                total[0] += sign
                total[1] += sign * values["latitude"]
                total[2] += sign * values["longitude"]
                total[3] += sign * values["id"]
    rows = [
        {**dict(zip(_KEY, key, strict=True)), "reports": n, "sum_lat": lat, "sum_lon": lon, "sum_id": ids}
        for key, (n, lat, lon, ids) in amounts.items()
        if n or ids or lat or lon
    ]
    add_amounts(session, MapCell.__table__, _KEY, rows)


def rebuild_cells(session: Session) -> None:
    """Count every cell again from the reports (after bulk inserts or a restore): one grouped pass a zoom."""
    session.execute(delete(MapCell))
    visible = Report.privacy.in_([privacy.PUBLIC, privacy.ANONYMOUS]) & Report.hidden.is_(False)
    for zoom in range(CELL_MAX_ZOOM + 1):
        cell = cell_size(zoom)
        gy, gx = GridIndex((Report.latitude + 90) / cell), GridIndex((Report.longitude + 180) / cell)
        grouped = (
            select(
                literal(zoom),
                gy,
                gx,
                Report.status,
                Report.category_id,
                func.count(Report.id),
                func.sum(Report.latitude),
                func.sum(Report.longitude),
                func.sum(Report.id),
            )
            .where(visible)
            .group_by(gy, gx, Report.status, Report.category_id)
        )
        columns = [*_KEY, "reports", "sum_lat", "sum_lon", "sum_id"]
        session.execute(MapCell.__table__.insert().from_select(columns, grouped))


def cells_in_box(
    session: Session, zoom: int, bbox: BBox, statuses: list[str] | None, category_id
) -> list[tuple[int, int, int, float, float, int]]:
    """`(row, column, count, mean lat, mean lng, id if the cell holds one report)` of every cell of the box
    holding a visible report of the given statuses and category (None: any)."""
    cell = cell_size(zoom)
    rows_from, columns_from = grid_position(bbox.south, bbox.west, cell)
    rows_to, columns_to = grid_position(bbox.north, bbox.east, cell)
    count = func.sum(MapCell.reports)
    conditions = [
        MapCell.zoom == zoom,
        MapCell.gy.between(rows_from, rows_to),
        MapCell.gx.between(columns_from, columns_to),
    ]
    if statuses is not None:
        conditions.append(MapCell.status.in_(statuses))
    if category_id is not None:
        conditions.append(MapCell.category_id == category_id)
    statement = (
        select(
            MapCell.gy,
            MapCell.gx,
            count,
            cast(func.sum(MapCell.sum_lat), Float) / count,
            cast(func.sum(MapCell.sum_lon), Float) / count,
            func.sum(MapCell.sum_id),
        )
        .where(*conditions)
        .group_by(MapCell.gy, MapCell.gx)
        .having(count > 0)
    )
    return [(gy, gx, int(n), lat, lng, int(ids)) for gy, gx, n, lat, lng, ids in session.execute(statement).all()]
