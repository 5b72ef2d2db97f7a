"""Point → area lookup over the Area rows, and a per-process cache of it.

With boundary polygons loaded, a point goes to the lowest-level polygon that
contains it (STRtree over prepared geometries). A point outside every polygon but
within the edge tolerance (PENGADUAN_EDGE_TOLERANCE_M: a pier, a coastline drawn a
little inland) goes to the nearest polygon, marked approximate; farther is outside
the service area. With only the approximate fallback areas, a point inside the
built-in mainland outline (or within the tolerance of it) goes to the nearest
approximate centre.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import shapely
from sqlalchemy import event
from sqlmodel import Session, func, select

from ..config import get_settings
from ..models import Area
from .service_area import MAINLAND_JAKARTA

RECHECK_SECONDS = 2.0  # how stale a cached router may be before the area signature is queried again
METRES_PER_DEGREE = 111_320.0  # along a meridian; along a parallel, times cos(latitude)


@dataclass(frozen=True, slots=True)
class Route:
    """Where a point belongs; `approximate` when it was routed by nearest centre, not by polygon."""

    kota_id: int | None
    kecamatan_id: int | None
    kelurahan_id: int | None
    approximate: bool


class AreaRouter:
    """Routes (lat, lon) to areas; immutable once built, safe to share between threads.

    `approximate` is True while only the fallback areas exist (no polygons loaded).
    `edge_tolerance_m` defaults to the setting.
    """

    def __init__(self, areas: Iterable[Area], edge_tolerance_m: float | None = None):
        self.edge_tolerance_m = get_settings().edge_tolerance_m if edge_tolerance_m is None else edge_tolerance_m
        rows = sorted(areas, key=lambda area: area.id or 0)
        by_id = {area.id: area for area in rows}
        polygons = [area for area in rows if area.geometry and not area.approximate]
        self.approximate = not polygons
        leaves = _leaves(polygons or [area for area in rows if area.approximate])
        self._routes = [_route_for(leaf, by_id) for leaf in leaves]
        self._tree = None
        if polygons:
            self._shapes = [shapely.from_geojson(leaf.geometry) for leaf in leaves]
            self._tree = shapely.STRtree(self._shapes)
        else:
            self._lats = np.array([leaf.centroid_lat for leaf in leaves])
            self._lons = np.array([leaf.centroid_lon for leaf in leaves])
            self._lon_scale = math.cos(math.radians(float(np.mean(self._lats)))) if leaves else 1.0

    @classmethod
    def from_session(cls, session: Session) -> AreaRouter:
        return cls(session.exec(select(Area)).all())

    @property
    def area_count(self) -> int:
        """How many areas points are routed to (the lowest level)."""
        return len(self._routes)

    def route(self, lat: float, lon: float) -> Route | None:
        """The areas of the point, or None when it is outside the service area.

        A point on a border shared by two areas goes to the one with the lower id.
        """
        if not self._routes or not (math.isfinite(lat) and math.isfinite(lon)):
            return None
        point = shapely.Point(lon, lat)
        if self._tree is not None:
            hits = self._tree.query(point, predicate="intersects")
            if hits.size:
                return self._routes[hits.min()]
            nearest = self._nearest_within_tolerance(point)
            return None if nearest is None else replace(self._routes[nearest], approximate=True)
        if not shapely.intersects_xy(MAINLAND_JAKARTA, lon, lat) and not self._near(point, MAINLAND_JAKARTA):
            return None
        distances = (self._lats - lat) ** 2 + ((self._lons - lon) * self._lon_scale) ** 2
        return self._routes[int(distances.argmin())]

    def _nearest_within_tolerance(self, point: shapely.Point) -> int | None:
        """Index of the leaf nearest to `point` if it lies within the edge tolerance (lower id on a tie)."""
        if self.edge_tolerance_m <= 0:
            return None
        # A radius in degrees that covers the tolerance in every direction; metres decide below.
        reach = self.edge_tolerance_m / (METRES_PER_DEGREE * math.cos(math.radians(point.y)))
        candidates = self._tree.query(point, predicate="dwithin", distance=reach)
        within = [(metres_between(point, self._shapes[i]), i) for i in sorted(candidates)]
        within = [(metres, i) for metres, i in within if metres <= self.edge_tolerance_m]
        return min(within)[1] if within else None

    def _near(self, point: shapely.Point, shape: shapely.Geometry) -> bool:
        return self.edge_tolerance_m > 0 and metres_between(point, shape) <= self.edge_tolerance_m


def metres_between(point: shapely.Point, shape: shapely.Geometry) -> float:
    """Distance from `point` to the nearest point of `shape` on the local flat approximation (fine below ~10 km)."""
    nearest = shapely.shortest_line(point, shape).coords[-1]
    dlat = (nearest[1] - point.y) * METRES_PER_DEGREE
    dlon = (nearest[0] - point.x) * METRES_PER_DEGREE * math.cos(math.radians(point.y))
    return math.hypot(dlat, dlon)


def _leaves(areas: list[Area]) -> list[Area]:
    """The areas that are no other area's parent: kelurahan where loaded, else kecamatan."""
    parents = {area.parent_id for area in areas}
    return [area for area in areas if area.id not in parents]


def _route_for(leaf: Area, by_id: dict[int | None, Area]) -> Route:
    ids: dict[str, int | None] = {}
    area: Area | None = leaf
    while area is not None:
        ids[area.level] = area.id
        area = by_id.get(area.parent_id)
    return Route(ids.get("kota"), ids.get("kecamatan"), ids.get("kelurahan"), leaf.approximate)


@dataclass
class _Cached:
    router: AreaRouter
    signature: tuple
    checked_at: float


_cache: dict[str, _Cached] = {}
_lock = threading.Lock()


def _signature(session: Session) -> tuple:
    """Changes whenever rows are added, removed or given new boundaries (their centroid moves).

    Float sums are rounded so a database that sums in another order does not look changed.
    """
    count, max_id, id_sum, lat_sum, lon_sum = session.exec(
        select(
            func.count(Area.id),
            func.max(Area.id),
            func.sum(Area.id),
            func.sum(Area.centroid_lat),
            func.sum(Area.centroid_lon),
        )
    ).one()
    return count, max_id, id_sum, round(lat_sum or 0.0, 6), round(lon_sum or 0.0, 6)


def get_router(session: Session, max_age: float = RECHECK_SECONDS) -> AreaRouter:
    """The router for the session's database, rebuilt when the areas changed.

    The signature query (about 0.2 ms on SQLite, against 1 µs for a cache hit)
    runs at most once per `max_age` seconds. `load_areas` and `ensure_fallback_areas`
    invalidate the cache when their session commits, so this process sees their
    changes at once; other processes see them within `max_age`.
    """
    url = str(session.get_bind().url)
    cached = _cache.get(url)
    now = time.monotonic()
    if cached is not None and now - cached.checked_at < max_age:
        return cached.router
    signature = _signature(session)
    with _lock:
        cached = _cache.get(url)
        if cached is None or cached.signature != signature:
            cached = _cache[url] = _Cached(AreaRouter.from_session(session), signature, now)
        cached.checked_at = now
        return cached.router


def invalidate_router() -> None:
    """Forget every cached router; the next `get_router` rebuilds."""
    with _lock:
        _cache.clear()


def invalidate_router_on_commit(session: Session) -> None:
    """Forget cached routers once `session` commits, so none keeps the areas from before its changes."""
    event.listen(session, "after_commit", lambda _session: invalidate_router(), once=True)
