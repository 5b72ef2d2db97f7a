"""Benchmark: the performance dashboard's queries and the CSV export, at 100,000 or 1,000,000 reports.

    .venv/bin/python bench/dashboard.py [--reports 100000] [--runs 5] [--db sqlite|postgres|both]

Seeds the reports (bench/seed.py: bulk inserts, then one count of the running totals), then
prints the median time of each dashboard figure over repeated runs, uncached, with PASS/FAIL against the
aim (each figure at most 0.1 s up to 100,000 reports, 0.3 s beyond), and exits non-zero when one misses
or when the ranking's counts differ from a count of the reports themselves (grouped SQL).
Then the CSV export of every report on SQLite: its time, rows and peak Python memory (tracemalloc): the
export streams, so its peak stays flat while the rows grow. PostgreSQL: PENGADUAN_TEST_PG_URL (or the
local server), a database made and dropped for the run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alembic import command
from sqlalchemy import func
from sqlmodel import Session, select

from bench.seed import seed_reports
from pengaduan_app.api.export import _csv
from pengaduan_app.cli import alembic_config
from pengaduan_app.db import make_engine
from pengaduan_app.domain.figures import DONE
from pengaduan_app.domain.performance import area_performance, dashboard_figures, weekly_trend
from pengaduan_app.domain.public_reports import ReportFilter
from pengaduan_app.models import Report
from tests.databases import fresh_pg_database

PG_URL = os.environ.get("PENGADUAN_TEST_PG_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@contextmanager
def _database(kind: str, work: Path):
    if kind == "sqlite":
        yield f"sqlite:///{work / 'bench.db'}"
    else:
        with fresh_pg_database(PG_URL, prefix="pengaduan_bench") as url:
            yield url


def _figures(url: str, reports: int, runs: int) -> int:
    """Seeds, times each figure and prints it; returns how many missed the aim."""
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    started = time.perf_counter()
    with Session(engine) as session:
        seed_reports(session, reports)
    seconds = time.perf_counter() - started
    print(f"{url.split(':')[0]}: seeded {reports:,} reports and counted their totals in {seconds:.1f} s")
    aim = 0.1 if reports <= 100_000 else 0.3
    missed = 0
    engine.dispose()
    engine = make_engine(url, immediate=False)  # the page reads through the lock-free read session
    with Session(engine) as session:
        rows = [
            ("kota ranking", lambda: area_performance(session, "kota")),
            ("kecamatan ranking", lambda: area_performance(session, "kecamatan")),
            ("weekly trend (12 weeks)", lambda: weekly_trend(session)),
        ]
        print(f"{'dashboard figure':<26}{'median s':>10}   aim <= {aim} s")
        total = 0.0
        for name, action in rows:
            seconds = _median_seconds(action, runs)
            total += seconds
            verdict = "PASS" if seconds <= aim else "FAIL"
            missed += verdict == "FAIL"
            print(f"{name:<26}{seconds:>10.3f}   {verdict}")
        print(f"{'whole page (sum)':<26}{total:>10.3f}")
        dashboard_figures(session, "kecamatan")
        warm = _median_seconds(lambda: dashboard_figures(session, "kecamatan"), runs)
        print(f"{'page, cached (60 s)':<26}{warm:>10.6f}")
        agrees = _agrees_with_recount(session)
        print(f"{'counts vs a recount':<26}{'agree' if agrees else 'DIFFER':>10}   {'PASS' if agrees else 'FAIL'}\n")
    engine.dispose()
    return missed + (not agrees)


def _agrees_with_recount(session: Session) -> bool:
    """The kecamatan ranking's received, resolved and within-deadline counts, and the city's, against the
    same counts grouped from the reports (one pass in SQL, cheap even at 1,000,000)."""
    done = Report.status.in_(DONE)
    within = done & (Report.resolved_at <= Report.due_at)
    grouped = select(
        Report.kecamatan_id,
        func.count(),
        func.count().filter(done),
        func.count().filter(within),
    ).group_by(Report.kecamatan_id)
    counted = {area: tuple(counts) for area, *counts in session.exec(grouped).all()}
    city = [sum(counts[i] for counts in counted.values()) for i in range(3)]
    total, lines = area_performance(session, "kecamatan")
    shown = {line.area_id: (line.received, _part(line.share_resolved, line.received)) for line in lines}
    city_shown = [
        total.received,
        _part(total.share_resolved, total.received),
        _part(total.share_within_sla, total.eligible),
    ]
    return shown == {area: counts[:2] for area, counts in counted.items()} and city_shown == city


def _part(share: float | None, whole: int) -> int:
    return round((share or 0) * whole)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    args = parser.parse_args()
    kinds = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    missed = 0
    with tempfile.TemporaryDirectory() as work:
        for kind in kinds:
            with _database(kind, Path(work)) as url:
                missed += _figures(url, args.reports, args.runs)
        if "sqlite" in kinds:
            _export(f"sqlite:///{Path(work) / 'bench.db'}")
    sys.exit(1 if missed else 0)


def _export(url: str) -> None:
    from pengaduan_app import db as app_db  # the export opens its own session on the app engine

    app_db._engine_for.cache_clear()
    os.environ["REFLEX_DB_URL"] = url
    from pengaduan_app.config import get_settings

    get_settings.cache_clear()
    started = time.perf_counter()
    size = lines = 0
    for chunk in _csv(ReportFilter()):
        size += len(chunk)
        lines += chunk.count("\n")
    seconds = time.perf_counter() - started
    tracemalloc.start()  # a second pass only for the memory figure (tracing slows Python down)
    for _chunk in _csv(ReportFilter()):
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{'CSV export':<26}{'s':>8}{'rows':>10}{'MB out':>9}{'peak MB':>9}")
    print(f"{'all public reports':<26}{seconds:>8.2f}{lines - 1:>10,}{size / 1e6:>9.1f}{peak / 1e6:>9.1f}")


if __name__ == "__main__":
    main()
