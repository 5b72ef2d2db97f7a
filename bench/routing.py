"""Routing throughput: points per second through AreaRouter.route, one call per point.

Loads the real Jakarta boundaries into a temporary SQLite file, then routes
100,000 random points (fixed seed, Jakarta bounding box, kept only when inside
the service area) three times and prints the median; the same for the built-in
approximate areas; each median with PASS/FAIL against the target (20,000 points/s), exit 1 when one
is missed. Run: .venv/bin/python bench/routing.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlmodel import Session, SQLModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.goals import Goal, print_goals
from pengaduan_app.config import get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.geo.layers import jakarta_layers
from pengaduan_app.geo.loader import load_areas
from pengaduan_app.geo.router import AreaRouter

POINTS = 100_000
RUNS = 3
SEED = 20171101
BBOX = (106.68559, -6.37262, 106.97397, -6.08885)  # lon/lat, from the boundaries README
TARGET = 20_000


def fresh_session(folder: Path, name: str) -> Session:
    engine = make_engine(f"sqlite:///{folder / name}")
    SQLModel.metadata.create_all(engine)
    return Session(engine)


def inside_points(router: AreaRouter) -> list[tuple[float, float]]:
    """POINTS random (lat, lon) in the bounding box that the router accepts."""
    rng = np.random.default_rng(SEED)
    points: list[tuple[float, float]] = []
    while len(points) < POINTS:
        lons = rng.uniform(BBOX[0], BBOX[2], POINTS)
        lats = rng.uniform(BBOX[1], BBOX[3], POINTS)
        points += [(lat, lon) for lat, lon in zip(lats.tolist(), lons.tolist(), strict=True) if router.route(lat, lon)]
    return points[:POINTS]


def rates(router: AreaRouter) -> list[float]:
    points = inside_points(router)
    route = router.route
    measured = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for lat, lon in points:
            route(lat, lon)
        measured.append(len(points) / (time.perf_counter() - started))
    return measured


def main() -> int:
    directory = get_settings().boundaries_dir
    if not directory.is_dir():
        print(f"{directory}: boundaries folder absent (set PENGADUAN_BOUNDARIES_DIR)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        real = fresh_session(Path(folder), "real.db")
        started = time.perf_counter()
        load_areas(real, jakarta_layers(directory))
        real.commit()
        print(f"loaded {directory} in {time.perf_counter() - started:.2f} s")
        fallback = fresh_session(Path(folder), "fallback.db")
        ensure_fallback_areas(fallback)
        fallback.commit()

        header = f"{'router':<24}{'areas':>6}{'build ms':>10}" + "".join(f"{f'run {i + 1}':>10}" for i in range(RUNS))
        print(f"\n{POINTS:,} points inside the service area, points/s (median of {RUNS}, target > {TARGET:,})")
        print(header + f"{'median':>10}")
        goals = []
        for label, session in (("polygons (kelurahan)", real), ("approximate (fallback)", fallback)):
            started = time.perf_counter()
            router = AreaRouter.from_session(session)
            build_ms = (time.perf_counter() - started) * 1000
            measured = rates(router)
            runs = "".join(f"{rate:>10,.0f}" for rate in measured)
            print(f"{label:<24}{router.area_count:>6}{build_ms:>10.1f}{runs}{statistics.median(measured):>10,.0f}")
            session.close()
            goals.append(Goal(f"{label}, points/s", statistics.median(measured), TARGET, at_most=False))
    return 0 if print_goals(goals) else 1


if __name__ == "__main__":
    raise SystemExit(main())
