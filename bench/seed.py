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
# Words for titles, descriptions and addresses, so text search meets realistic, varied text.
_WORDS_TEXT = (
    "jalan lubang rusak banjir genangan sampah menumpuk saluran tersumbat parkir liar macet lampu mati pohon "
    "tumbang trotoar retak pasar sekolah masjid halte jembatan got bau pedagang kaki lima angkot ngetem kabel "
    "putus gorong air meluap motor jatuh malam hujan warga mohon segera perbaiki tiang miring tembok roboh"
)
WORDS = tuple(_WORDS_TEXT.split())
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
