"""What the public map draws for one viewport: reports grouped on a grid, by zoom.

The grid is fixed to the globe (domain.map_cells), so a cell holds the same reports
wherever the visitor pans; the box asked for is widened to whole cells. A cell with
one report becomes a point, others a cluster at the mean position of its reports.
From POINTS_ZOOM on, every report is a point. The answer is compact JSON-ready lists,
no markup. Up to CELL_MAX_ZOOM the cells are read from the kept grid (no pass over the
reports), unless an area or date filter asks for reports the grid does not separate:
those views group the matching reports in SQL, the whole city's cells kept briefly.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import Float, cast, func
from sqlmodel import Session, select

from ..models import Category, Report
from .map_cells import CELL_MAX_ZOOM, GridIndex, cell_size, cells_in_box
from .public_reports import ReportFilter, filter_conditions, read_filter
from .status import internal_statuses_for, public_status
from .viewport import BBox

MIN_ZOOM = 0
MAX_ZOOM = 22
POINTS_ZOOM = 18
MAX_CELLS = 4096  # a 4K screen holds about 2,000 cells
MAX_POINTS = 500
CACHE_MAX_ZOOM = CELL_MAX_ZOOM  # up to here a city's cells are few enough to keep
CACHE_SECONDS = 30
CACHE_MAX_CELLS = 20_000
CACHE_MAX_ENTRIES = 256
COORD_DIGITS = 5  # about a metre
# The first view the public map's page draws before Leaflet has loaded: a desktop frame's worth around its
# centre (a larger frame fills in when the map draws; a phone's shows the middle of it).
SKETCH_PIXELS = (1600, 1000)
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
    gy = GridIndex((Report.latitude + 90) / cell)
    gx = GridIndex((Report.longitude + 180) / cell)
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


def _grid_separates(filters: ReportFilter) -> bool:
    """Whether the kept grid answers this filter: it is split by status and category only."""
    areas = (filters.kota_id, filters.kecamatan_id, filters.kelurahan_id)
    return all(value is None for value in (*areas, filters.created_from, filters.created_before))


def _kept_cells(session: Session, query: ViewportQuery) -> list[tuple]:
    filters = query.filters
    statuses = internal_statuses_for(filters.status) if filters.status else None
    category = select(Category.id).where(Category.code == filters.category).scalar_subquery()
    return cells_in_box(session, query.zoom, query.bbox, statuses, category if filters.category else None)


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
    if query.zoom <= CELL_MAX_ZOOM and _grid_separates(query.filters):
        rows = _kept_cells(session, query)
    elif query.zoom <= CACHE_MAX_ZOOM and (cached := city_cells.get(session, query.zoom, query.filters)) is not None:
        rows = _in_box(cached, query.bbox, cell)
    else:
        rows = _grid_rows(session, filter_conditions(replace(query.filters, bbox=_snapped(query.bbox, cell))), cell)
    clusters = [[_round(lat), _round(lng), count] for _, _, count, lat, lng, _ in rows if count > 1]
    single_ids = [first_id for _, _, count, _, _, first_id in rows if count == 1]
    points = []
    if single_ids:
        points = _points(session, [*filter_conditions(query.filters), Report.id.in_(single_ids)], len(single_ids))
    return {"zoom": query.zoom, "cell": cell, "clusters": clusters, "points": points, "truncated": False}


def sketch_view(session: Session, center: tuple[float, float], zoom: int, filters: ReportFilter) -> dict:
    """The first view as numbers only: `{clusters: [[lat, lng, count]], points: [[lat, lng, status]]}` for
    SKETCH_PIXELS around `center` at `zoom`, from `map_view`. No title and no code: the page that carries it
    holds no report's words, and the map's own data replaces it once Leaflet runs."""
    view = map_view(session, ViewportQuery(BBox.around(center, zoom, *SKETCH_PIXELS), zoom, filters))
    return {"clusters": view["clusters"], "points": [[lat, lng, status] for _, lat, lng, status, _ in view["points"]]}
