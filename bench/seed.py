"""Fast bulk seeding of many reports (with timelines) into a fresh database, for benchmarks only.

Not the submission path: rows go straight in with core INSERTs, so 100,000 reports take seconds; then
the running totals (performance figures, map cells) are counted once, as the migration does for a city's
existing reports.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import insert, select
from sqlmodel import Session

from pengaduan_app.domain.categories import ensure_categories
from pengaduan_app.domain.figures import rebuild_figures
from pengaduan_app.domain.map_cells import rebuild_cells
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.models import Area, Category, Report, StatusChange
from pengaduan_app.models.types import utcnow

BATCH = 5000


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
    statuses = ["new", "verified", "assigned", "in_progress", "resolved", "closed", "rejected", "reopened"]
    for start in range(0, count, BATCH):
        reports, steps = [], []
        for i in range(start, min(start + BATCH, count)):
            kec_id, kota_id, lat, lon = rng.choice(kecamatan)
            created = now - timedelta(days=rng.uniform(0, 180))
            state = rng.choice(statuses)
            resolved = created + timedelta(hours=rng.uniform(2, 400)) if state in ("resolved", "closed") else None
            reports.append(
                {
                    "id": i + 1,
                    "tracking_code": f"JKT-2611-{i + 1:06d}",
                    "title": f"Laporan uji {i}",
                    "description": "Uraian laporan uji untuk benchmark.",
                    "category_id": rng.choice(categories),
                    "latitude": lat + rng.uniform(-0.01, 0.01),
                    "longitude": lon + rng.uniform(-0.01, 0.01),
                    "address": "",
                    "status": state,
                    "privacy": "public",
                    "channel": "web",
                    "reporter_name": "",
                    "reporter_contact": "",
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
                    "first_response_at": created + timedelta(hours=rng.uniform(1, 72)),
                    "resolved_at": resolved,
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
        session.execute(insert(Report), reports)
        session.execute(insert(StatusChange), steps)
        session.commit()
    rebuild_figures(session)
    rebuild_cells(session)
    session.commit()
