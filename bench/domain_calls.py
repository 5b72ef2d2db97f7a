"""What the load bench's events cost in the app's own code: each domain read or write a visitor's event makes,
timed in-process on the demo data the load bench serves (SQLite), medians of --calls.

The load bench's goal, 200 events/s on one worker, leaves 5 ms of one core per event for everything; Reflex,
the socket and the event's state take their share, so each call here (one piece of an event's work) aims at
half of that.

Run: .venv/bin/python bench/domain_calls.py [--calls 300] [--reports 120]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.goals import Goal, print_goals

BUDGET_MS = 2.5
CORNERS = (106.70, -6.30, 106.85, -6.18)  # the south-west corners of the random boxes lie in here (w, s, e, n)


def prepare(folder: Path, reports: int) -> None:
    """A demo database made by the app's own CLI, as the load bench's server gets it."""
    os.environ.update(
        REFLEX_DB_URL=f"sqlite:///{folder / 'bench.db'}",
        PENGADUAN_DATA_DIR=str(folder / "data"),
        PENGADUAN_DEMO="1",
        PENGADUAN_DEMO_REPORTS=str(reports),
    )
    root = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-m", "pengaduan_app.cli", "prepare"]
    subprocess.run(command, cwd=root, check=True, stdout=subprocess.DEVNULL)


def calls(rng: random.Random) -> dict[str, Callable[[], object]]:
    """One call per kind of event work, each in its own session as the handlers open them."""
    from sqlmodel import select

    from pengaduan_app.config import get_settings
    from pengaduan_app.db import read_scope, session_scope
    from pengaduan_app.domain.areas import area_options
    from pengaduan_app.domain.categories import category_choices
    from pengaduan_app.domain.limits import client_hash
    from pengaduan_app.domain.map_query import ViewportQuery, city_cells, map_view
    from pengaduan_app.domain.notifications import unread_count
    from pengaduan_app.domain.public_reports import (
        PAGE_SIZE,
        count_public_reports,
        filter_conditions,
        get_public_report,
        list_public_reports,
        read_filter,
    )
    from pengaduan_app.domain.support import (
        SupportLimits,
        burst_rule,
        has_supported,
        new_visitor_id,
        set_support,
        visitor_key,
    )
    from pengaduan_app.domain.viewport import BBox
    from pengaduan_app.models import Report

    everything, _ = read_filter({})
    with read_scope() as session:  # the reports the public may open
        codes = session.exec(select(Report.tracking_code).where(*filter_conditions(everything))).all()
    visitor = visitor_key(new_visitor_id())
    # The hourly limits raised as the load bench raises them; the burst rule as configured.
    limits = SupportLimits(1_000_000, 1_000_000, burst_rule(get_settings()))

    def box() -> BBox:
        west, south = rng.uniform(CORNERS[0], CORNERS[2]), rng.uniform(CORNERS[1], CORNERS[3])
        return BBox(west, south, west + 0.12, south + 0.09)

    def the_list() -> None:
        chosen = replace(everything, bbox=box())
        with read_scope() as session:
            count_public_reports(session, chosen)
            list_public_reports(session, chosen, limit=PAGE_SIZE)

    def a_report() -> None:
        with read_scope() as session:
            detail = get_public_report(session, rng.choice(codes))
            has_supported(session, detail.summary.report_id, visitor)

    def filter_options() -> None:
        with read_scope() as session:
            category_choices(session, "id")
            area_options(session, "kota")
            area_options(session, "kecamatan")

    def map_cells() -> None:
        city_cells.clear()
        with read_scope() as session:
            map_view(session, ViewportQuery(box(), 11, everything))

    def the_bell() -> None:
        with read_scope() as session:
            unread_count(session, [visitor])

    def a_support() -> None:
        code, want = rng.choice(codes), rng.random() < 0.5
        with session_scope() as session:
            set_support(session, code, visitor, want, limits=limits, client=client_hash("127.0.0.1", "bench"))

    return {
        "viewport: list and count": the_list,
        "open_report: detail": a_report,
        "open_map: filter options": filter_options,
        "map_data: cells": map_cells,
        "every page: the bell": the_bell,
        "support: set or withdraw": a_support,
    }


def median_ms(call: Callable[[], object], times: int) -> float:
    call()  # warm: imports, the statement cache
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--reports", type=int, default=120, help="demo reports (the load bench's default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pengaduan-calls-") as folder:
        prepare(Path(folder), args.reports)
        figures = {name: median_ms(call, args.calls) for name, call in calls(random.Random(2017)).items()}
    print(f"{'call':<28} | {'median ms':>9}")
    for name, ms in figures.items():
        print(f"{name:<28} | {ms:>9.2f}")
    return 0 if print_goals([Goal(name, ms, BUDGET_MS, "ms") for name, ms in figures.items()]) else 1


if __name__ == "__main__":
    sys.exit(main())
