"""What the public map draws for one viewport: reports grouped on a grid in SQL, by zoom.

The grid is fixed to the globe (cells of `cell_size(zoom)` degrees counted from
-90/-180), so a cell holds the same reports wherever the visitor pans; the box
asked for is widened to whole cells. A cell with one report becomes a point,
others a cluster at the mean position of its reports. From POINTS_ZOOM on,
every report is a point. The answer is compact JSON-ready lists, no markup.
Up to CACHE_MAX_ZOOM the cells of the whole city are kept briefly (see _CityCells).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import Float, Integer, cast, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, select

from ..models import Report
from .public_reports import ReportFilter, filter_conditions, read_filter
from .status import public_status
from .viewport import BBox

MIN_ZOOM = 0
MAX_ZOOM = 22
POINTS_ZOOM = 18
CELL_PIXELS = 64  # a cluster icon is 40 px: neighbours never overlap
MAX_CELLS = 4096  # a 4K screen holds about 2,000 cells
MAX_POINTS = 500
CACHE_MAX_ZOOM = 13  # up to here a city's cells are few enough to keep (about 1,000 for Jakarta at 13)
CACHE_SECONDS = 30
CACHE_MAX_CELLS = 20_000
CACHE_MAX_ENTRIES = 256
COORD_DIGITS = 5  # about a metre
PARAMETERS = frozenset({"bbox", "zoom", "status", "category", "kota", "kecamatan", "kelurahan", "from", "to"})


class QueryError(ValueError):
    """A request the map endpoint refuses; `problems` maps each parameter to what is wrong with it."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class ViewportQuery:
    bbox: BBox
    zoom: int
    filters: ReportFilter


def cell_size(zoom: int) -> float:
    """Degrees per grid cell: CELL_PIXELS at this zoom (256-pixel Web Mercator tiles)."""
    return 360.0 * CELL_PIXELS / (256 * 2**zoom)


def _zoom(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 2 and MIN_ZOOM <= int(text) <= MAX_ZOOM):
        raise ValueError(f"zoom must be a whole number from {MIN_ZOOM} to {MAX_ZOOM}")
    return int(text)


def parse_viewport(params: Mapping[str, str]) -> ViewportQuery:
    """Every parameter checked; QueryError names each one that is missing, unknown or malformed."""
    problems = {name: "unknown parameter" for name in params if name not in PARAMETERS}
    filters, filter_problems = read_filter(params)
    problems.update(filter_problems)
    bbox = zoom = None
    for name, reader in (("bbox", BBox.parse), ("zoom", _zoom)):
        text = params.get(name)
        if not text:
            problems[name] = "is required"
            continue
        try:
            value = reader(text)
        except ValueError as err:
            problems[name] = str(err)
            continue
        if name == "bbox":
            bbox = value
        else:
            zoom = value
    if bbox and zoom is not None and zoom < POINTS_ZOOM:
        cell = cell_size(zoom)
        cells = (math.ceil((bbox.east - bbox.west) / cell) + 1) * (math.ceil((bbox.north - bbox.south) / cell) + 1)
        if cells > MAX_CELLS:
            problems["bbox"] = f"too large for zoom {zoom} ({cells} grid cells, at most {MAX_CELLS})"
    if problems:
        raise QueryError(problems)
    return ViewportQuery(bbox=bbox, zoom=zoom, filters=filters)


class _GridIndex(FunctionElement):
    """floor(value), for value >= 0: a plain integer cast on SQLite (no math functions needed there)."""

    type = Integer()
    inherit_cache = True


@compiles(_GridIndex)
def _grid_index_default(element, compiler, **kw):
    return f"FLOOR({compiler.process(element.clauses, **kw)})"


@compiles(_GridIndex, "sqlite")
def _grid_index_sqlite(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS INTEGER)"


def _snapped(bbox: BBox, cell: float) -> BBox:
    """The box widened to whole grid cells, so that edge cells hold all their reports."""
    return BBox(
        math.floor((bbox.west + 180) / cell) * cell - 180,
        math.floor((bbox.south + 90) / cell) * cell - 90,
        math.ceil((bbox.east + 180) / cell) * cell - 180,
        math.ceil((bbox.north + 90) / cell) * cell - 90,
    )


def _round(value: float) -> float:
    return round(value, COORD_DIGITS)


def _points(session: Session, conditions: list, limit: int) -> list[list]:
    rows = session.exec(
        select(Report.tracking_code, Report.latitude, Report.longitude, Report.status, Report.title)
        .where(*conditions)
        .order_by(Report.created_at.desc(), Report.id.desc())
        .limit(limit)
    ).all()
    return [
        [code, _round(lat), _round(lng), public_status(status).code, title] for code, lat, lng, status, title in rows
    ]


def _grid_rows(session: Session, conditions: list, cell: float, limit: int | None = None) -> list[tuple]:
    """`(row, column, count, mean lat, mean lng, lowest id)` of every grid cell holding a report."""
    gy = _GridIndex((Report.latitude + 90) / cell)
    gx = _GridIndex((Report.longitude + 180) / cell)
    statement = (
        select(
            gy,
            gx,
            func.count(Report.id),
            cast(func.avg(Report.latitude), Float),
            cast(func.avg(Report.longitude), Float),
            func.min(Report.id),
        )
        .where(*conditions)
        .group_by(gy, gx)
        .limit(limit)
    )
    return [tuple(row) for row in session.exec(statement).all()]


class _CityCells:
    """Every cell of a low zoom, computed once per CACHE_SECONDS for all visitors (per server process).

    Low zooms show the whole city, the same for everyone, and cost a pass over every report:
    a pan then only picks cells from memory. Counts and positions may lag by CACHE_SECONDS;
    single reports are always read again with the filter, so a hidden one leaves the map at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple, tuple[float, list[tuple] | None]] = {}

    def get(self, session: Session, zoom: int, filters: ReportFilter) -> list[tuple] | None:
        """The cells, or None when there are too many to keep (then the caller asks for its box)."""
        key = (str(session.get_bind().url), zoom, filters)
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        rows = _grid_rows(session, filter_conditions(filters), cell_size(zoom), limit=CACHE_MAX_CELLS + 1)
        cells = rows if len(rows) <= CACHE_MAX_CELLS else None
        with self._lock:
            self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
            if len(self._entries) < CACHE_MAX_ENTRIES:
                self._entries[key] = (now + CACHE_SECONDS, cells)
        return cells

    def clear(self) -> None:
        with self._lock:
            self._entries = {}


city_cells = _CityCells()


def _in_box(rows: list[tuple], bbox: BBox, cell: float) -> list[tuple]:
    rows_from, rows_to = math.floor((bbox.south + 90) / cell), math.floor((bbox.north + 90) / cell)
    columns_from, columns_to = math.floor((bbox.west + 180) / cell), math.floor((bbox.east + 180) / cell)
    return [r for r in rows if rows_from <= r[0] <= rows_to and columns_from <= r[1] <= columns_to]


def map_view(session: Session, query: ViewportQuery) -> dict:
    """`{zoom, cell, clusters: [[lat, lng, count]], points: [[code, lat, lng, status, title]], truncated}`.

    `status` is the public status code; titles are plain text for the page to set as text, never as markup.
    """
    if query.zoom >= POINTS_ZOOM:
        conditions = filter_conditions(replace(query.filters, bbox=query.bbox))
        points = _points(session, conditions, MAX_POINTS + 1)
        return {
            "zoom": query.zoom,
            "cell": 0,
            "clusters": [],
            "points": points[:MAX_POINTS],
            "truncated": len(points) > MAX_POINTS,
        }
    cell = cell_size(query.zoom)
    cached = city_cells.get(session, query.zoom, query.filters) if query.zoom <= CACHE_MAX_ZOOM else None
    if cached is not None:
        rows = _in_box(cached, query.bbox, cell)
    else:
        rows = _grid_rows(session, filter_conditions(replace(query.filters, bbox=_snapped(query.bbox, cell))), cell)
    clusters = [[_round(lat), _round(lng), count] for _, _, count, lat, lng, _ in rows if count > 1]
    single_ids = [first_id for _, _, count, _, _, first_id in rows if count == 1]
    points = []
    if single_ids:
        points = _points(session, [*filter_conditions(query.filters), Report.id.in_(single_ids)], len(single_ids))
    return {"zoom": query.zoom, "cell": cell, "clusters": clusters, "points": points, "truncated": False}
