"""Reports stored directly (no photos, no routing) for tests of reading, the map and support."""

from __future__ import annotations

from datetime import datetime
from itertools import count

from sqlmodel import Session, select

from pengaduan_app.models import Category, Report
from pengaduan_app.models.types import utcnow

_sequence = count(1)


def add_report(session: Session, **fields) -> Report:
    """A public, new `jalan_rusak` report at Monas unless `fields` say otherwise; committed."""
    category = fields.pop("category", "jalan_rusak")
    created: datetime = fields.pop("created_at", utcnow())
    number = next(_sequence)
    values = dict(
        tracking_code=f"JKT-2611-{number:05d}",
        title=f"Laporan uji {number}",
        description="Uraian laporan uji yang cukup panjang.",
        category_id=session.exec(select(Category.id).where(Category.code == category)).one(),
        latitude=-6.1754,
        longitude=106.8272,
        status="new",
        privacy="public",
        reporter_name="Siti",
        reporter_contact="siti.rahasia@contoh.id",
        created_at=created,
        updated_at=created,
    )
    values.update(fields)
    report = Report(**values)
    session.add(report)
    session.commit()
    session.refresh(report)
    return report
