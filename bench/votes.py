"""Support under contention: 300 people each cast the same support 8 times, all at once.

Exactly 300 must be counted (report.support_count and rows in `support`), on SQLite
(WAL, a temporary file) and on PostgreSQL (a database made for the run and dropped after).
Prints casts per second (every request, counted or not) and supports counted per second, then the goal
(exactly 300 on each database) with PASS/FAIL; exit 1 when it is missed.

Run: .venv/bin/python bench/votes.py [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, func, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.goals import Goal, print_goals
from pengaduan_app.cli import alembic_config
from pengaduan_app.db import make_engine
from pengaduan_app.domain.categories import ensure_categories
from pengaduan_app.domain.limits import client_hash
from pengaduan_app.domain.support import SupportLimits, new_visitor_id, set_support, visitor_key
from pengaduan_app.models import Report, Support
from tests.builders import add_report

PEOPLE = 300
CASTS_EACH = 8
THREADS = 32
NO_LIMITS = SupportLimits(per_supporter_hour=10**6, per_client_hour=10**6)
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'votes.db'}"


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    name = f"pengaduan_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(url: str) -> dict[str, float]:
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as session:
        ensure_categories(session)
        session.commit()
        code = add_report(session, tracking_code="JKT-2611-00001").tracking_code
    people = [(visitor_key(new_visitor_id()), client_hash(f"10.0.0.{i}", "bench")) for i in range(PEOPLE)]
    casts = [person for person in people for _ in range(CASTS_EACH)]
    random.Random(7).shuffle(casts)

    def cast(person: tuple[str, str]) -> bool:
        key, client = person
        with Session(engine) as own:
            changed = set_support(own, code, key, True, limits=NO_LIMITS, client=client).changed
            own.commit()
            return changed

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        changed = sum(pool.map(cast, casts))
    elapsed = time.perf_counter() - started
    with Session(engine) as session:
        counted = session.exec(select(Report.support_count).where(Report.tracking_code == code)).one()
        rows = session.exec(select(func.count(Support.id))).one()
    engine.dispose()
    return {"casts": len(casts), "changed": changed, "counted": counted, "rows": rows, "seconds": elapsed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL server URL (a database is made and dropped)")
    args = parser.parse_args()
    results = {}
    with sqlite_database() as url:
        results["SQLite (WAL)"] = run(url)
    with postgres_database(args.pg) as url:
        results["PostgreSQL"] = run(url)

    print()
    print(f"{PEOPLE} people x {CASTS_EACH} concurrent casts of the same support, {THREADS} threads")
    print(f"{'database':<14} | {'casts':>6} | {'counted':>7} | {'rows':>5} | {'casts/s':>8} | {'supports/s':>10}")
    print("-" * 70)
    goals = []
    for name, r in results.items():
        print(
            f"{name:<14} | {r['casts']:>6} | {r['counted']:>7} | {r['rows']:>5} | {r['casts'] / r['seconds']:>8.0f}"
            f" | {PEOPLE / r['seconds']:>10.0f}"
        )
        miscount = max(abs(r[key] - PEOPLE) for key in ("counted", "rows", "changed"))
        goals.append(Goal(f"{name}: supports off by", miscount, 0))
    return 0 if print_goals(goals) else 1


if __name__ == "__main__":
    sys.exit(main())
