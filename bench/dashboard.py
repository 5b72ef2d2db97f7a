"""Benchmark: the performance dashboard's queries and the CSV export with 100,000 reports.

    .venv/bin/python bench/dashboard.py [--reports 100000] [--runs 5]

Prints the median time of each dashboard query over repeated runs, and for the
export its time, rows and the peak Python memory it used (tracemalloc): the
export streams, so its peak stays flat while the rows grow. Aim: dashboard < 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alembic import command
from sqlmodel import Session

from bench.seed import seed_reports
from pengaduan_app.api.export import _csv
from pengaduan_app.cli import alembic_config
from pengaduan_app.db import make_engine
from pengaduan_app.domain.performance import area_performance, dashboard_figures, weekly_trend
from pengaduan_app.domain.public_reports import ReportFilter


def _median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        url = f"sqlite:///{Path(work) / 'bench.db'}"
        command.upgrade(alembic_config(url), "head")
        engine = make_engine(url)
        started = time.perf_counter()
        with Session(engine) as session:
            seed_reports(session, args.reports)
        print(f"seeded {args.reports:,} reports in {time.perf_counter() - started:.1f} s ({url})\n")

        with Session(engine) as session:
            rows = [
                ("kota ranking", lambda: area_performance(session, "kota")),
                ("kecamatan ranking", lambda: area_performance(session, "kecamatan")),
                ("weekly trend (12 weeks)", lambda: weekly_trend(session)),
            ]
            print(f"{'dashboard query':<26}{'median s':>10}")
            total = 0.0
            for name, action in rows:
                seconds = _median_seconds(action, args.runs)
                total += seconds
                print(f"{name:<26}{seconds:>10.3f}")
            print(f"{'whole page (sum)':<26}{total:>10.3f}   aim < 0.5 s")
            dashboard_figures(session, "kecamatan")
            warm = _median_seconds(lambda: dashboard_figures(session, "kecamatan"), args.runs)
            print(f"{'page, cached (60 s)':<26}{warm:>10.6f}\n")

        from pengaduan_app import db as app_db  # the export opens its own session on the app engine

        app_db._engine_for.cache_clear()
        import os

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
