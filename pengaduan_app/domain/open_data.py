"""Open data: the public fields of public reports, row by row, for CSV and GeoJSON export.

Never a reporter's name or contact, never a confidential or hidden report
(the same visibility rule as every public page: public_reports.filter_conditions).
Rows are read in batches so an export of every report never sits in memory.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from ..geo.names import display_name
from ..models import Area, Category, Report
from .public_reports import ReportFilter, filter_conditions
from .status import public_status

BATCH = 1000
FIELDS = (
    "tracking_code",
    "title",
    "category",
    "category_name",
    "status",
    "public_status",
    "created_at",
    "updated_at",
    "resolved_at",
    "due_at",
    "kota",
    "kecamatan",
    "kelurahan",
    "address",
    "latitude",
    "longitude",
    "support_count",
    "channel",
)


def _iso(moment) -> str:
    return moment.isoformat() if moment is not None else ""


_REPORT_COLUMNS = (
    Report.tracking_code,
    Report.title,
    Report.status,
    Report.created_at,
    Report.updated_at,
    Report.resolved_at,
    Report.due_at,
    Report.address,
    Report.latitude,
    Report.longitude,
    Report.support_count,
    Report.channel,
)


def public_rows(session: Session, filters: ReportFilter) -> Iterator[dict]:
    """One dict per public report matching `filters`, oldest first, with exactly FIELDS."""
    kota, kecamatan, kelurahan = aliased(Area), aliased(Area), aliased(Area)
    statement = (
        select(*_REPORT_COLUMNS, Category.code, Category.name_id, kota.name, kecamatan.name, kelurahan.name)
        .join(Category, Category.id == Report.category_id)
        .join(kota, kota.id == Report.kota_id, isouter=True)
        .join(kecamatan, kecamatan.id == Report.kecamatan_id, isouter=True)
        .join(kelurahan, kelurahan.id == Report.kelurahan_id, isouter=True)
        .where(*filter_conditions(filters))
        .order_by(Report.id)
        .execution_options(yield_per=BATCH)
    )
    names: dict[str, str] = {}  # a few hundred areas: title-case each once

    def area(name: str | None) -> str:
        if name not in names:
            names[name] = display_name(name or "")
        return names[name]

    for row in session.exec(statement):
        (
            code,
            title,
            state,
            created,
            updated,
            resolved,
            due,
            address,
            lat,
            lon,
            supports,
            channel,
            category,
            category_name,
            kota_name,
            kecamatan_name,
            kelurahan_name,
        ) = row
        yield {
            "tracking_code": code,
            "title": title,
            "category": category,
            "category_name": category_name,
            "status": state,
            "public_status": public_status(state).code,
            "created_at": _iso(created),
            "updated_at": _iso(updated),
            "resolved_at": _iso(resolved),
            "due_at": _iso(due),
            "kota": area(kota_name),
            "kecamatan": area(kecamatan_name),
            "kelurahan": area(kelurahan_name),
            "address": address,
            "latitude": lat,
            "longitude": lon,
            "support_count": supports,
            "channel": channel,
        }
