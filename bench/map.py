"""Public map at city scale: map data bytes and time until drawn, for 1k, 10k and 100k reports.

For each size, reports are bulk-inserted into a temporary SQLite database by
bench/seed.py (not through the submission path; around the 44 kecamatan), the app's map routes are served, and headless
Chromium opens the map frame at the city view, then pans it. Measured (median
of RUNS, each in a fresh browser context):
- map data: bytes of /api/map responses (the frame itself holds no report);
- drawn: ms from navigation start until the first clusters/markers are on the map,
  and for the pan, from the pan until the new ones are (includes the 150 ms debounce).
The initial view is measured cold: the server's cache of the city's cells
(domain.map_query._CityCells) is emptied first, so it pays the full pass over
every report; the pan then finds the cells of that zoom in the cache, as the
next visitor or the next pan within 30 s would.
For comparison, plain folium with every report as a marker in a MarkerCluster, at 10k.

Run: .venv/bin/python bench/map.py   (CHROMIUM_PATH defaults to /usr/bin/chromium)
"""

from __future__ import annotations

import html
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

from bench.seed import seed_reports
from pengaduan_app.api.app import build_api
from pengaduan_app.cli import alembic_config
from pengaduan_app.config import get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.domain.map_query import city_cells
from pengaduan_app.maps.base import make_map, marker_cluster, render
from pengaduan_app.models import Report
from tests.browser import launch_chromium, serve_asgi

SIZES = (1_000, 10_000, 100_000)
FOLIUM_SIZE = 10_000
RUNS = 5
SEED = 2017
VIEWPORT = {"width": 1280, "height": 800}
TILES = "/tiles/{z}/{x}/{y}.png"  # answered 404 locally: no network, nothing but our data is timed
TARGET_BYTES = 150 * 1024
TARGET_MS = 1500
TARGET_RATIO = 1.5

DRAWN_JS = """() => {
  const box = document.querySelector('.folium-map');
  return box && Number(box.dataset.draws || 0) >= %d ? performance.now() : null;
}"""
MAP_BYTES_JS = """() => performance.getEntriesByType('resource')
  .filter(e => e.name.includes('/api/map?')).reduce((n, e) => n + e.encodedBodySize, 0)"""


def seed(url: str, count: int) -> None:
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as session:
        seed_reports(session, count, seed=SEED)
    engine.dispose()


def measure_map(browser, base: str) -> dict[str, float]:
    """One fresh context: the city view, then a pan of a third of the screen."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    city_cells.clear()
    page.goto(f"{base}/peta/frame")
    drawn = page.wait_for_function(DRAWN_JS % 1, timeout=60_000).json_value()
    initial_bytes = page.evaluate(MAP_BYTES_JS)
    start = page.evaluate("performance.now()")
    page.evaluate("window[document.querySelector('.folium-map').id].panBy([420, 260], {animate: false})")
    panned = page.wait_for_function(DRAWN_JS % 2, timeout=60_000).json_value()
    pan_bytes = page.evaluate(MAP_BYTES_JS) - initial_bytes
    context.close()
    return {"initial_bytes": initial_bytes, "initial_ms": drawn, "pan_bytes": pan_bytes, "pan_ms": panned - start}


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


def measure_folium(browser, base: str) -> dict[str, float]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(f"{base}/folium")
    drawn = page.wait_for_function(
        "() => document.querySelector('.marker-cluster') ? performance.now() : null", timeout=120_000
    ).json_value()
    size = page.evaluate("performance.getEntriesByType('navigation')[0].encodedBodySize")
    context.close()
    return {"page_bytes": size, "drawn_ms": drawn}


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    os.environ.setdefault("CHROMIUM_PATH", "/usr/bin/chromium")
    os.environ["PENGADUAN_TILE_URL"] = TILES
    results: dict[int, dict[str, float]] = {}
    folium_result: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for size in SIZES:
            url = f"sqlite:///{Path(tmp) / f'map_{size}.db'}"
            started = time.perf_counter()
            seed(url, size)
            print(f"seeded {size:,} reports in {time.perf_counter() - started:.1f} s", flush=True)
            os.environ["REFLEX_DB_URL"] = url
            get_settings.cache_clear()
            routes = [static_route("/folium", folium_page(url))] if size == FOLIUM_SIZE else []
            with serve_asgi(Starlette(routes=[*routes, *build_api().routes])) as base:
                measure_map(browser, base)  # warm-up: Python imports, SQLite page cache
                results[size] = median_of([measure_map(browser, base) for _ in range(RUNS)])
                if routes:
                    folium_result = median_of([measure_folium(browser, base) for _ in range(RUNS)])
        browser.close()
    report(results, folium_result)


def report(results: dict[int, dict[str, float]], folium_result: dict[str, float]) -> None:
    print()
    print(f"Public map, viewport JSON clustered on the server (median of {RUNS}; viewport 1280x800, zoom 11)")
    print("initial: cold server cache; pan: the city's cells at this zoom already kept")
    print(f"{'reports':>9} | {'initial data':>12} | {'initial drawn':>13} | {'pan data':>9} | {'pan drawn':>9}")
    print("-" * 66)
    for size, r in results.items():
        print(
            f"{size:>9,} | {r['initial_bytes'] / 1024:>9.1f} KB | {r['initial_ms']:>10.0f} ms"
            f" | {r['pan_bytes'] / 1024:>6.1f} KB | {r['pan_ms']:>6.0f} ms"
        )
    small, large = results[SIZES[0]], results[SIZES[-1]]
    ratios = {key: large[key] / small[key] for key in small}
    print(
        f"{'100k/1k':>9} | {ratios['initial_bytes']:>12.2f} | {ratios['initial_ms']:>13.2f}"
        f" | {ratios['pan_bytes']:>9.2f} | {ratios['pan_ms']:>9.2f}"
    )
    print()
    checks = [
        ("map data, initial view at 100k", large["initial_bytes"] <= TARGET_BYTES, f"<= {TARGET_BYTES // 1024} KB"),
        ("drawn, initial view at 100k", large["initial_ms"] <= TARGET_MS, f"<= {TARGET_MS} ms"),
        *[(f"ratio 100k/1k, {key}", value <= TARGET_RATIO, f"<= {TARGET_RATIO}") for key, value in ratios.items()],
    ]
    for name, ok, target in checks:
        print(f"  {'met ' if ok else 'MISSED'}  {name} ({target})")
    if folium_result:
        print()
        print(f"For comparison: plain folium, every report a Marker in a MarkerCluster, {FOLIUM_SIZE:,} reports")
        print(
            f"  page {folium_result['page_bytes'] / 1024:,.0f} KB (all of it report data),"
            f" drawn after {folium_result['drawn_ms']:,.0f} ms"
        )


if __name__ == "__main__":
    main()
