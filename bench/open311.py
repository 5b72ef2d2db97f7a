"""Open311 throughput over loopback, beside a bare Starlette endpoint doing the same database work.

Fills a temporary SQLite database with 100,000 reports (bulk insert, with a photo
and a timeline step each), starts one real server process (granian, one worker,
as Reflex runs without Redis) serving the Open311 routes and two bare endpoints,
and drives both with concurrent clients:

- GET requests.json: the newest 1000 public reports (the default window and page);
  bare: the same domain query (find_requests), dumped as plain JSON rows.
- POST requests.json: a new report through submit_report; bare: the same
  submit_report from a parsed form, with no key, limit, token or attributes.

Prints requests per second and p95 latency for each, and open311/bare as a
ratio (median of 3 alternating rounds), each ratio with PASS/FAIL against the aim (at least
half of the bare ceiling); exits non-zero when an aim is missed. Nothing here is a test.
The server's abuse limits (per-key rate, per-person and per-address report limits) are
turned off in its own environment: every bench client shares one address and one key.
Run: .venv/bin/python -m bench.open311 [--reports 100000] [--clients 8]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
GET_REQUESTS = 120
POST_REQUESTS = 300
AIM_RATIO = 0.5  # open311 / bare requests per second
LIMITED, SPANS = ("PERSON", "ADDRESS"), ("HOUR", "DAY")  # the report limits the bench turns off
CITY_CODE = "JKB"  # bulk rows' codes stay apart from the JKT-… codes the POSTs are given


def bench_app():
    """The server's app (a granian factory): the Open311 routes plus the bare endpoints."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from pengaduan_app.api.app import build_api
    from pengaduan_app.config import get_settings
    from pengaduan_app.db import session_scope
    from pengaduan_app.domain.open311 import RequestQuery, find_requests
    from pengaduan_app.domain.submission import submit_report
    from pengaduan_app.domain.validation import Draft
    from pengaduan_app.media import MediaStore

    def bare_list(_request: Request) -> Response:
        with session_scope() as session:
            rows = [list(vars(item).values()) for item in find_requests(session, RequestQuery())]
        return Response(json.dumps(rows, default=str), media_type="application/json")

    async def bare_create(request: Request) -> Response:
        form = await request.form()
        draft = Draft(
            category_code=str(form.get("service_code", "")),
            title=str(form.get("description", ""))[:120],
            description=str(form.get("description", "")),
            latitude=form.get("lat"),
            longitude=form.get("long"),
            privacy="anonymous",
            channel="api",
        )

        def work() -> str:
            settings = get_settings()
            with session_scope() as session:
                return submit_report(
                    session, draft, [], settings=settings, store=MediaStore(settings.media_dir)
                ).tracking_code

        return JSONResponse([{"service_request_id": await run_in_threadpool(work)}], status_code=201)

    return Starlette(
        routes=[
            Route("/bare/requests", bare_list),
            Route("/bare/requests", bare_create, methods=["POST"]),
            *build_api().routes,
        ]
    )


def prepare(folder: Path, reports: int) -> str:
    """Migrate, seed categories and areas, bulk-insert the reports; returns a fresh API key."""
    from alembic import command
    from sqlalchemy import insert, select
    from sqlmodel import Session

    from pengaduan_app.cli import alembic_config
    from pengaduan_app.db import get_engine
    from pengaduan_app.domain import permissions
    from pengaduan_app.domain.accounts import create_staff, identity_of
    from pengaduan_app.domain.api_keys import create_api_key
    from pengaduan_app.domain.categories import ensure_categories
    from pengaduan_app.geo.fallback import ensure_fallback_areas
    from pengaduan_app.models import Area, Category, Photo, Report, StatusChange
    from pengaduan_app.models.types import utcnow

    command.upgrade(alembic_config(os.environ["REFLEX_DB_URL"]), "head")
    engine = get_engine()
    rng = random.Random(20171101)
    with Session(engine) as session:
        ensure_categories(session)
        ensure_fallback_areas(session)
        session.commit()
        categories = session.exec(select(Category.id)).scalars().all()
        areas = session.exec(select(Area.id, Area.centroid_lat, Area.centroid_lon)).all()
        admin = create_staff(session, username="bench", display_name="Bench", password="x" * 12, role=permissions.ADMIN)
        session.commit()
        key = create_api_key(session, identity_of(session, admin), "bench").key
        session.commit()
    now = utcnow()
    started = time.perf_counter()
    with engine.begin() as connection:
        for first in range(0, reports, 10_000):
            rows = []
            for number in range(first, min(first + 10_000, reports)):
                area_id, lat, lon = rng.choice(areas)
                created = now - timedelta(minutes=rng.randrange(80 * 24 * 60))
                rows.append(
                    dict(
                        id=number + 1,
                        tracking_code=f"{CITY_CODE}-2601-{number + 1:06d}",
                        title=f"Laporan bench {number}",
                        description="Uraian laporan untuk mengukur kecepatan API Open311. " * 2,
                        category_id=rng.choice(categories),
                        latitude=lat + rng.uniform(-0.01, 0.01),
                        longitude=lon + rng.uniform(-0.01, 0.01),
                        address="Jl. Bench",
                        status=rng.choice(["new", "verified", "in_progress", "resolved", "closed", "rejected"]),
                        privacy=rng.choices(["public", "anonymous", "confidential"], [90, 5, 5])[0],
                        channel="web",
                        reporter_name="Warga Bench",
                        reporter_contact="0812 0000 0000",
                        kecamatan_id=area_id,
                        unit_area_id=area_id,
                        hidden=rng.random() < 0.01,
                        due_at=created + timedelta(days=5),
                        created_at=created,
                        updated_at=created,
                    )
                )
            connection.execute(insert(Report), rows)
            connection.execute(
                insert(Photo),
                [
                    dict(
                        report_id=row["id"],
                        kind="report",
                        position=0,
                        sha256=secrets.token_hex(32),
                        filename=f"{secrets.token_hex(32)}.jpg",
                        thumb_filename=f"{secrets.token_hex(32)}_t.jpg",
                        width=800,
                        height=600,
                        created_at=row["created_at"],
                    )
                    for row in rows
                ],
            )
            connection.execute(
                insert(StatusChange),
                [
                    dict(
                        report_id=row["id"],
                        at=row["created_at"],
                        actor="",
                        to_status="new",
                        note="Sedang ditinjau petugas." if row["id"] % 3 else "",
                        public=True,
                        action="submit",
                    )
                    for row in rows
                ],
            )
        # Statistics for the query planner, as a long-running SQLite database gathers them (PRAGMA optimize):
        # without them SQLite walks the `hidden` index instead of the `created_at` one.
        connection.exec_driver_sql("ANALYZE")
    print(f"{reports:,} reports inserted in {time.perf_counter() - started:.1f} s")
    return key


async def drive(url: str, requests: int, clients: int, send) -> tuple[float, float]:
    """Requests per second and p95 latency (ms) of `requests` calls spread over `clients` connections."""
    import httpx

    latencies: list[float] = []
    queue = iter(range(requests))

    async def client() -> None:
        async with httpx.AsyncClient(timeout=120) as http:
            for number in queue:
                started = time.perf_counter()
                response = await send(http, url, number)
                latencies.append(time.perf_counter() - started)
                if response.status_code >= 300:
                    raise RuntimeError(f"{url}: {response.status_code} {response.text[:300]}")

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return requests / elapsed, statistics.quantiles(latencies, n=20)[-1] * 1000


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "granian"),
        "--interface",
        "asgi",
        "--factory",
        "--workers",
        "1",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "bench.open311:bench_app",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    os.killpg(process.pid, signal.SIGTERM)
    raise RuntimeError(f"the server did not start:\n{log.read_text()[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-open311-"))
    env = {
        **os.environ,
        "REFLEX_DB_URL": f"sqlite:///{folder / 'bench.db'}",
        "PENGADUAN_DATA_DIR": str(folder / "data"),
        "PENGADUAN_API_REQUESTS_PER_MINUTE": "100000000",
        **{f"PENGADUAN_REPORT_LIMIT_PER_{who}_{span}": "0" for who in LIMITED for span in SPANS},
        "PENGADUAN_PASSWORD_HASH_COST": "low",
    }
    os.environ.update(env)
    key = prepare(folder, args.reports)

    from pengaduan_app.config import get_settings
    from tests.e2e.server import free_port

    get_settings.cache_clear()
    port = free_port()
    server = start_server(port, env, folder / "server.log")
    base = f"http://127.0.0.1:{port}"
    form = {
        "service_code": "sampah",
        "lat": "-6.1754",
        "long": "106.8272",
        "description": "Sampah menumpuk di trotoar, sudah tiga hari tidak diangkut.",
    }

    async def get(http, url, _number):
        return await http.get(url)

    async def post_open311(http, url, number):
        return await http.post(url, data={**form, "api_key": key}, headers={"Idempotency-Key": f"bench-{number}-{url}"})

    async def post_bare(http, url, _number):
        return await http.post(url, data=form)

    scenarios = [
        (
            "GET requests.json (1000 results)",
            GET_REQUESTS,
            (f"{base}/open311/v2/requests.json", get),
            (f"{base}/bare/requests", get),
        ),
        (
            "POST requests.json",
            POST_REQUESTS,
            (f"{base}/open311/v2/requests.json", post_open311),
            (f"{base}/bare/requests", post_bare),
        ),
    ]
    try:
        first = json.loads(urllib.request.urlopen(f"{base}/open311/v2/requests.json").read())
        print(f"GET requests.json answers {len(first)} requests, newest {first[0]['service_request_id']}")
        results = []
        for name, count, ours, bare in scenarios:
            rounds = {"open311": [], "bare": []}
            for round_number in range(ROUNDS):
                order = [("open311", ours), ("bare", bare)]
                for label, (url, send) in order if round_number % 2 == 0 else reversed(order):
                    asyncio.run(drive(url, 10, 2, send))  # warm up connections and caches
                    rounds[label].append(asyncio.run(drive(url, count, args.clients, send)))
            results.append((name, *(tuple(statistics.median(v) for v in zip(*rounds[k], strict=True)) for k in rounds)))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\n{args.reports:,} reports, {args.clients} concurrent clients, loopback, granian 1 worker, SQLite (WAL)")
    print(f"{'':34} {'open311 rps':>12} {'p95 ms':>8} {'bare rps':>10} {'p95 ms':>8} {'ratio':>7}  aim >= {AIM_RATIO}")
    missed = 0
    for name, (ours_rps, ours_p95), (bare_rps, bare_p95) in results:
        ratio = ours_rps / bare_rps
        verdict = "PASS" if ratio >= AIM_RATIO else "FAIL"
        missed += verdict == "FAIL"
        print(f"{name:34} {ours_rps:12.1f} {ours_p95:8.1f} {bare_rps:10.1f} {bare_p95:8.1f} {ratio:7.2f}  {verdict}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
