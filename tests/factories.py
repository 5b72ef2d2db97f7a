"""Reports stored directly (no photos, no routing) for tests of reading, the map and support."""

from __future__ import annotations

import json
from datetime import datetime
from itertools import count

from sqlmodel import Session, select

from pengaduan_app.models import Area, Category, Report
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


GAMBIR_BOX = (106.81, -6.18, 106.83, -6.16)


def add_gambir_areas(session: Session) -> None:
    """Kota Jakarta Pusat > kecamatan Gambir (a square shape) > kelurahan Gambir and Pinangsia; committed."""
    west, south, east, north = GAMBIR_BOX
    square = {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }
    pusat = Area(level="kota", name="JAKARTA PUSAT", centroid_lat=-6.18, centroid_lon=106.83)
    session.add(pusat)
    session.flush()
    gambir = Area(
        level="kecamatan",
        name="GAMBIR",
        parent_id=pusat.id,
        centroid_lat=-6.17,
        centroid_lon=106.82,
        geometry=json.dumps(square),
    )
    session.add(gambir)
    session.flush()
    session.add(Area(level="kelurahan", name="GAMBIR", parent_id=gambir.id, centroid_lat=-6.171, centroid_lon=106.821))
    session.add(Area(level="kelurahan", name="PINANGSIA", parent_id=gambir.id, centroid_lat=-6.14, centroid_lon=106.81))
    session.commit()
