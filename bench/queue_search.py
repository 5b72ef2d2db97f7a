"""The staff queue's search at 100,000 reports: how long one page of results (25 rows and the total) takes.

Seeds a temporary SQLite database (and, with --pg, a PostgreSQL database made and dropped) and runs the
queue query an officer's search box sends: a rare word, a common word, two words, a word start, a tracking
code and a reporter's phone, as the city admin (every report) and as a camat (one kecamatan); and the staff
header's overdue count of a camat and of a dinas officer. Prints the
median of repeated runs and PASS when every median is at most 100 ms.

Run: .venv/bin/python -m bench.queue_search [--reports 100000] [--runs 7] [--pg postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from contextlib import ExitStack

from alembic import command
from sqlalchemy import text
from sqlmodel import Session, select

from bench.seed import seed_reports
from bench.votes import postgres_database, sqlite_database
from pengaduan_app.cli import alembic_config
from pengaduan_app.db import make_engine
from pengaduan_app.domain import permissions
from pengaduan_app.domain.accounts import StaffIdentity
from pengaduan_app.domain.staff_queue import QueueFilter, overdue_count, queue_page
from pengaduan_app.models import Area, Report

BUDGET_S = 0.100


def _median(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _queries(session: Session) -> list[tuple[str, str]]:
    code, phone = session.exec(select(Report.tracking_code, Report.reporter_contact).where(Report.id == 4242)).one()
    return [
        ("rare word", "roboh"),
        ("common word", "jalan"),
        ("two words", "sampah menumpuk"),
        ("word start", "tersum"),
        ("address", "kenanga"),
        ("no match", "zzzxq"),
        ("tracking code", code),
        ("reporter phone", phone),
    ]


def run(url: str, reports: int, runs: int) -> bool:
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    started = time.perf_counter()
    with Session(engine) as session:
        seed_reports(session, reports)
        session.execute(text("ANALYZE"))  # planner statistics, as autovacuum keeps them on PostgreSQL
        session.commit()
    print(f"\n{engine.dialect.name}: seeded {reports:,} reports in {time.perf_counter() - started:.1f} s")
    passed = True
    with Session(engine) as session:
        kecamatan = session.exec(select(Area.id).where(Area.level == "kecamatan").order_by(Area.id)).first()
        officers = {
            "admin": StaffIdentity(1, "admin", "Admin", permissions.ADMIN, None, frozenset()),
            "camat": StaffIdentity(2, "camat", "Camat", permissions.KECAMATAN, None, frozenset({kecamatan})),
        }
        print(f"{'search':<16}{'officer':<9}{'matches':>9}{'median ms':>11}")
        for name, query in _queries(session):
            for who, identity in officers.items():
                filters = QueueFilter(status="", q=query)
                _rows, total = queue_page(session, identity, filters, sort="newest")
                seconds = _median(lambda i=identity, f=filters: queue_page(session, i, f, sort="newest"), runs)
                passed &= seconds <= BUDGET_S
                print(f"{name:<16}{who:<9}{total:>9,}{seconds * 1000:>11.1f}")
        dinas = StaffIdentity(3, "dinas", "Dinas", permissions.AGENCY, "perhubungan", frozenset())
        for who, identity in (("camat", officers["camat"]), ("dinas", dinas)):  # the header's overdue badge
            total = overdue_count(session, identity)
            seconds = _median(lambda i=identity: overdue_count(session, i), runs)
            passed &= seconds <= BUDGET_S
            print(f"{'overdue badge':<16}{who:<9}{total:>9,}{seconds * 1000:>11.1f}")
    engine.dispose()
    return passed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pg", default="", help="also on PostgreSQL: a server URL (a database is made and dropped)")
    args = parser.parse_args()
    passed = True
    with ExitStack() as stack:
        urls = [stack.enter_context(sqlite_database())]
        if args.pg:
            urls.append(stack.enter_context(postgres_database(args.pg)))
        for url in urls:
            passed &= run(url, args.reports, args.runs)
    verdict = "PASS" if passed else "FAIL"
    print(f"\n{verdict}: every median at most {BUDGET_S * 1000:.0f} ms at {args.reports:,} reports")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
