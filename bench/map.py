"""Public map at city scale: map data bytes and time until drawn, for 1k, 10k and 100k (or --largest) reports.

For each size, reports are bulk-inserted into a temporary SQLite database by
bench/seed.py (not through the submission path; around the 44 kecamatan), the app's map routes are served, and headless
Chromium opens the map frame at the city view, then pans it. Measured (median
of RUNS, each in a fresh browser context):
- map data: bytes of /api/map responses plus the first view's numbers in the frame (its sketch);
- drawn: ms from navigation start until the first clusters/markers are on screen (the same watch for both
  maps, installed before the page loads: the first marker element in the DOM, then the frame that shows it).
  Ours are first the frame's sketch (assets/maps/first_view.js: the server's numbers drawn where Leaflet will draw
  them, before Leaflet has loaded), so "map ready" (Leaflet has drawn its own markers) is printed beside it;
  for the pan, from the pan until the new ones are (includes the 150 ms debounce).
The map reads the grid cells kept as reports change (domain.map_cells), so no view walks every report;
the cold map query (the city view's /api/map work in Python, caches emptied) is timed on its own.
For comparison, plain folium with every report as a marker in a MarkerCluster, at 10k, in the same run.
Each goal is printed with PASS/FAIL beside its figure; the exit status is non-zero when one is missed.

Run: .venv/bin/python bench/map.py [--largest 1000000]   (Chromium found as the tests find it)
"""

from __future__ import annotations

import argparse
import html
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import folium
from alembic import command
from playwright.sync_api import sync_playwright
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.goals import Goal, print_goals
from bench.seed import seed_reports
from pengaduan_app.api.app import build_api
from pengaduan_app.cli import alembic_config
from pengaduan_app.config import get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.domain.map_query import ViewportQuery, city_cells, map_view
from pengaduan_app.domain.public_reports import ReportFilter
from pengaduan_app.domain.viewport import BBox
from pengaduan_app.maps.base import make_map, marker_cluster, render
from pengaduan_app.models import Report
from tests.browser import launch_chromium, serve_asgi

SMALL_SIZES = (1_000, 10_000)
FOLIUM_SIZE = 10_000
RUNS = 5
SEED = 2017
VIEWPORT = {"width": 1280, "height": 800}
TILES = "/tiles/{z}/{x}/{y}.png"  # answered 404 locally: no network, nothing but our data is timed
TARGET_BYTES = 150 * 1024
TARGET_MS = 1000
TARGET_RATIO = 1.3
TARGET_FOLIUM_SPEEDUP = 5.0  # plain folium's drawn time / ours, at FOLIUM_SIZE
TARGET_QUERY_MS = 100
CITY_VIEW = BBox(106.55, -6.45, 107.1, -6.05)  # what the frame asks for at zoom 11, 1280x800, rounded out

# Installed before any page script: the time of the first frame after an element matching the selector
# entered the DOM. Playwright's own wait would start only after the load event (every tile answered) and
# then poll, which times the poll, not the map.
FIRST_MARKER_JS = """
window.pengaduanBenchDrawn = null;
new MutationObserver(function (records, observer) {
  if (!document.querySelector(%s)) { return; }
  observer.disconnect();
  requestAnimationFrame(function () { setTimeout(function () { window.pengaduanBenchDrawn = performance.now(); }); });
}).observe(document, {childList: true, subtree: true});
"""
OURS_MARKERS = ".pg-cluster, .pg-marker"
FOLIUM_MARKERS = ".marker-cluster"

DRAWN_JS = """() => {
  const box = document.querySelector('.folium-map');
  return box && Number(box.dataset.draws || 0) >= %d ? performance.now() : null;
}"""
MAP_BYTES_JS = """() => performance.getEntriesByType('resource')
  .filter(e => e.name.includes('/api/map?')).reduce((n, e) => n + e.encodedBodySize, 0)"""
SKETCH_BYTES_JS = "() => JSON.stringify(window.pengaduanFirstView.sketch).length"  # the first view, in the page


def seed(url: str, count: int) -> None:
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as session:
        seed_reports(session, count, seed=SEED)
    engine.dispose()


def measure_map(browser, base: str) -> dict[str, float]:
    """One fresh context: the city view, then a pan of a third of the screen."""
    page, context = _watched_page(browser, OURS_MARKERS)
    city_cells.clear()
    drawn = _first_drawn(page, f"{base}/peta/frame")
    ready = page.wait_for_function(DRAWN_JS % 1, timeout=60_000).json_value()
    first_bytes = page.evaluate(MAP_BYTES_JS)
    start = page.evaluate("performance.now()")
    page.evaluate("window[document.querySelector('.folium-map').id].panBy([420, 260], {animate: false})")
    panned = page.wait_for_function(DRAWN_JS % 2, timeout=60_000).json_value()
    pan_bytes = page.evaluate(MAP_BYTES_JS) - first_bytes
    initial_bytes = first_bytes + page.evaluate(SKETCH_BYTES_JS)
    context.close()
    return {
        "initial_bytes": initial_bytes,
        "initial_ms": drawn,
        "ready_ms": ready,
        "pan_bytes": pan_bytes,
        "pan_ms": panned - start,
    }


def folium_page(url: str) -> str:
    """The naive way: every public report a folium Marker with its title, in a MarkerCluster.

    The title is a tooltip: folium's popups need jQuery, which our pages do not load.
    """
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(
            select(Report.latitude, Report.longitude, Report.title).where(Report.privacy != "confidential")
        ).all()
    engine.dispose()
    settings = get_settings()
    m = make_map(settings.map_center, settings.map_zoom, TILES, settings.tile_attribution)
    cluster = marker_cluster().add_to(m)
    for lat, lng, title in rows:
        folium.Marker([lat, lng], tooltip=html.escape(title)).add_to(cluster)
    return render(m)


def static_route(path: str, page: str) -> Route:
    async def serve(_request) -> HTMLResponse:
        return HTMLResponse(page)

    return Route(path, serve)


def _watched_page(browser, markers: str):
    """A page in a fresh context (nothing cached) that notes when its first marker is drawn."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(FIRST_MARKER_JS % json.dumps(markers))
    return context.new_page(), context


def _first_drawn(page, url: str) -> float:
    """Open `url`; ms from navigation start until its first marker was drawn."""
    page.goto(url, wait_until="commit")
    return page.wait_for_function("() => window.pengaduanBenchDrawn", timeout=120_000).json_value()


def measure_folium(browser, base: str) -> dict[str, float]:
    page, context = _watched_page(browser, FOLIUM_MARKERS)
    drawn = _first_drawn(page, f"{base}/folium")
    page.wait_for_load_state()
    size = page.evaluate("performance.getEntriesByType('navigation')[0].encodedBodySize")
    context.close()
    return {"page_bytes": size, "drawn_ms": drawn}


def cold_query_ms(url: str) -> float:
    """The city view's map query, caches emptied before each run (median of RUNS)."""
    engine = make_engine(url, immediate=False)
    times = []
    for _ in range(RUNS):
        city_cells.clear()
        with Session(engine) as session:
            started = time.perf_counter()
            map_view(session, ViewportQuery(CITY_VIEW, 11, ReportFilter()))
            times.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return statistics.median(times)


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--largest", type=int, default=100_000, help="the largest number of reports (e.g. 1000000)")
    args = parser.parse_args()
    os.environ["PENGADUAN_TILE_URL"] = TILES
    results: dict[int, dict[str, float]] = {}
    folium_result: dict[str, float] = {}
    query_ms = 0.0
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for size in (*SMALL_SIZES, args.largest):
            url = f"sqlite:///{Path(tmp) / f'map_{size}.db'}"
            started = time.perf_counter()
            seed(url, size)
            print(f"seeded {size:,} reports in {time.perf_counter() - started:.1f} s", flush=True)
            if size == args.largest:
                query_ms = cold_query_ms(url)
            os.environ["REFLEX_DB_URL"] = url
            get_settings.cache_clear()
            routes = [static_route("/folium", folium_page(url))] if size == FOLIUM_SIZE else []
            with serve_asgi(Starlette(routes=[*routes, *build_api().routes])) as base:
                measure_map(browser, base)  # warm-up: Python imports, SQLite page cache
                results[size] = median_of([measure_map(browser, base) for _ in range(RUNS)])
                if routes:
                    folium_result = median_of([measure_folium(browser, base) for _ in range(RUNS)])
        browser.close()
    sys.exit(0 if report(results, folium_result, query_ms) else 1)


def report(results: dict[int, dict[str, float]], folium_result: dict[str, float], query_ms: float) -> bool:
    """Prints the table and each goal with PASS/FAIL; whether all were met."""
    print()
    print(f"Public map, viewport JSON clustered on the server (median of {RUNS}; viewport 1280x800, zoom 11)")
    print("initial: cold server cache; pan: the city's cells at this zoom already kept")
    print("drawn: the first clusters on screen (the page's sketch); map ready: Leaflet has drawn its own markers")
    print(
        f"{'reports':>9} | {'initial data':>12} | {'initial drawn':>13} | {'map ready':>9}"
        f" | {'pan data':>9} | {'pan drawn':>9}"
    )
    print("-" * 78)
    for size, r in results.items():
        print(
            f"{size:>9,} | {r['initial_bytes'] / 1024:>9.1f} KB | {r['initial_ms']:>10.0f} ms"
            f" | {r['ready_ms']:>6.0f} ms | {r['pan_bytes'] / 1024:>6.1f} KB | {r['pan_ms']:>6.0f} ms"
        )
    sizes = list(results)
    small, large = results[sizes[0]], results[sizes[-1]]
    name = f"{sizes[-1] // 1000:,}k/1k"
    ratios = {key: large[key] / small[key] for key in small}
    print(
        f"{name:>9} | {ratios['initial_bytes']:>12.2f} | {ratios['initial_ms']:>13.2f} | {ratios['ready_ms']:>9.2f}"
        f" | {ratios['pan_bytes']:>9.2f} | {ratios['pan_ms']:>9.2f}"
    )
    print()
    print(f"For comparison: plain folium, every report a Marker in a MarkerCluster, {FOLIUM_SIZE:,} reports")
    print(
        f"  page {folium_result['page_bytes'] / 1024:,.0f} KB (all of it report data),"
        f" drawn after {folium_result['drawn_ms']:,.0f} ms"
    )
    speedup = folium_result["drawn_ms"] / results[FOLIUM_SIZE]["initial_ms"]
    at = f"at {sizes[-1]:,}"
    return print_goals(
        [
            Goal(f"map data, city view {at}", large["initial_bytes"] / 1024, TARGET_BYTES / 1024, "KB"),
            Goal(f"drawn, city view {at}", large["initial_ms"], TARGET_MS, "ms"),
            Goal(f"drawn ratio {name}", ratios["initial_ms"], TARGET_RATIO),
            Goal(f"cold map query {at}", query_ms, TARGET_QUERY_MS, "ms"),
            Goal(f"faster than plain folium at {FOLIUM_SIZE:,}", speedup, TARGET_FOLIUM_SPEEDUP, "x", at_most=False),
        ]
    )


if __name__ == "__main__":
    main()
