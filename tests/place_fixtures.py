"""The test city of tests.staff_fixtures with real boundaries: three side-by-side squares south of Monas, so the
area router places points in ALFA SATU, ALFA DUA (kecamatan ALFA) and BETA SATU (kecamatan BETA)."""

from __future__ import annotations

import json

from sqlmodel import Session

from pengaduan_app.geo.router import invalidate_router
from tests.builders import City

SOUTH, NORTH = -6.21, -6.20
WEST = 106.80
WIDTH = 0.01


def _square(west: float) -> str:
    ring = [[west, SOUTH], [west + WIDTH, SOUTH], [west + WIDTH, NORTH], [west, NORTH], [west, SOUTH]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def inside(column: int) -> tuple[float, float]:
    """A point in the `column`-th square (0: ALFA SATU, 1: ALFA DUA, 2: BETA SATU)."""
    return (SOUTH + NORTH) / 2, WEST + WIDTH * (column + 0.5)


def give_boundaries(session: Session, city: City) -> None:
    for column, area in enumerate((city.kel_a1, city.kel_a2, city.kel_b1)):
        area.geometry = _square(WEST + WIDTH * column)
        area.centroid_lat, area.centroid_lon = inside(column)
        session.add(area)
    session.commit()
    invalidate_router()
