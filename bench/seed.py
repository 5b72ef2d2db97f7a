"""Fast bulk seeding of many reports (with timelines) into a fresh database, for benchmarks only.

Not the submission path: rows go straight in with core executemany INSERTs into tables whose secondary
indexes are dropped for the load and built again afterwards (one sorted build each instead of a million
scattered inserts: 1,000,000 reports in minutes, not hours); the running totals (performance figures, map
cells) are counted once by the app's own recount, as the migration does for a city's existing reports.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select, text
from sqlmodel import Session

from pengaduan_app.domain.categories import ensure_categories
from pengaduan_app.domain.figures import hours, rebuild_figures
from pengaduan_app.domain.map_cells import rebuild_cells
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.models import Area, Category, Report, StatusChange
from pengaduan_app.models.types import utcnow

BATCH = 20_000
# Words for titles, descriptions and addresses, so text search meets realistic, varied text.
_WORDS_TEXT = (
    "jalan lubang rusak banjir genangan sampah menumpuk saluran tersumbat parkir liar macet lampu mati pohon "
    "tumbang trotoar retak pasar sekolah masjid halte jembatan got bau pedagang kaki lima angkot ngetem kabel "
    "putus gorong air meluap motor jatuh malam hujan warga mohon segera perbaiki tiang miring tembok roboh"
)
WORDS = tuple(_WORDS_TEXT.split())
STATUSES = ("new", "verified", "assigned", "in_progress", "resolved", "closed", "rejected", "reopened")
STREETS = ("Melati", "Mawar", "Kenanga", "Cempaka", "Anggrek", "Kamboja", "Flamboyan", "Dahlia", "Teratai", "Sawo")


def seed_reports(session: Session, count: int, seed: int = 11) -> None:
    ensure_categories(session)
    ensure_fallback_areas(session)
    session.commit()
    rng = random.Random(seed)
    categories = [c.id for c in session.exec(select(Category)).scalars()]
    kecamatan = [
        (a.id, a.parent_id, a.centroid_lat, a.centroid_lon)
        for a in session.exec(select(Area).where(Area.level == "kecamatan")).scalars()
    ]
    now = utcnow()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB while loading
    with _without_indexes(session, ("report", "status_change")):
        for start in range(0, count, BATCH):
            _insert_batch(session, rng, range(start, min(start + BATCH, count)), categories, kecamatan, now)
        rebuild_figures(session)  # before the indexes come back: its updates by id touch none of them
        rebuild_cells(session)
    engine = session.get_bind()
    if engine.dialect.name == "postgresql":
        # What autovacuum does after a bulk load, done now: the planner's statistics (without them it reads
        # the medians' rows from the heap and sorts them) and the visibility map (index-only scans).
        session.close()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


@contextmanager
def _without_indexes(session: Session, tables: tuple[str, ...]) -> Iterator[None]:
    """Drops the tables' secondary indexes (those the migrations made, read from the catalog with their exact
    statements) and creates them again at the end; constraint indexes (primary keys, unique constraints) stay."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL"
    else:
        query = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t AND schemaname = current_schema()"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
    indexes = [row for table in tables for row in connection.execute(text(query), {"t": table}).all()]
    for name, _statement in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    session.commit()
    yield
    connection = session.connection()
    for _name, statement in indexes:
        connection.exec_driver_sql(statement)
    session.commit()


def _insert_batch(session: Session, rng: random.Random, ids: range, categories, kecamatan, now) -> None:
    reports, steps = [], []
    for i in ids:
        kec_id, kota_id, lat, lon = rng.choice(kecamatan)
        created = now - timedelta(days=rng.uniform(0, 180))
        state = rng.choice(STATUSES)
        resolved = created + timedelta(hours=rng.uniform(2, 400)) if state in ("resolved", "closed") else None
        reports.append(
            {
                "id": i + 1,
                "tracking_code": f"JKT-2611-{i + 1:06d}",
                "title": " ".join(rng.sample(WORDS, 3)).capitalize(),
                "description": " ".join(rng.choices(WORDS, k=12)).capitalize() + ".",
                "category_id": rng.choice(categories),
                "latitude": lat + rng.uniform(-0.01, 0.01),
                "longitude": lon + rng.uniform(-0.01, 0.01),
                "address": f"Jl. {rng.choice(STREETS)} No. {rng.randrange(1, 300)}",
                "status": state,
                "privacy": "public",
                "channel": "web",
                "reporter_name": "",
                "reporter_contact": (phone := f"08{rng.randrange(10**9, 10**10)}"),
                "reporter_contact_key": phone,
                "kota_id": kota_id,
                "kecamatan_id": kec_id,
                "kelurahan_id": None,
                "routing_approximate": True,
                "support_count": rng.randrange(20),
                "priority": 1,
                "unit_area_id": kec_id,
                "hidden": False,
                "created_at": created,
                "updated_at": resolved or created,
                "due_at": created + timedelta(days=5),
                "first_response_at": (responded := created + timedelta(hours=rng.uniform(1, 72))),
                "resolved_at": resolved,
                # Stored as the app stores them (the recount checks them and writes only those that differ).
                "response_hours": hours(created, responded),
                "resolution_hours": hours(created, resolved),
                "rating": rng.randrange(1, 6) if state == "closed" else None,
            }
        )
        steps.append(
            {
                "report_id": i + 1,
                "at": created,
                "to_status": "new",
                "note": "",
                "public": True,
                "action": "submit",
                "actor": "",
                "hidden": False,
            }
        )
        if state != "new":
            steps.append(
                {
                    "report_id": i + 1,
                    "at": created + timedelta(hours=3),
                    "to_status": state,
                    "note": "",
                    "public": True,
                    "action": "verify",
                    "actor": "Petugas",
                    "hidden": False,
                }
            )
    connection = session.connection()
    connection.execute(Report.__table__.insert(), reports)
    connection.execute(StatusChange.__table__.insert(), steps)
    session.commit()
