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


def public_rows(session: Session, filters: ReportFilter) -> Iterator[dict]:
    """One dict per public report matching `filters`, oldest first, with exactly FIELDS."""
    kota, kecamatan, kelurahan = aliased(Area), aliased(Area), aliased(Area)
    statement = (
        select(Report, Category.code, Category.name_id, kota.name, kecamatan.name, kelurahan.name)
        .join(Category, Category.id == Report.category_id)
        .join(kota, kota.id == Report.kota_id, isouter=True)
        .join(kecamatan, kecamatan.id == Report.kecamatan_id, isouter=True)
        .join(kelurahan, kelurahan.id == Report.kelurahan_id, isouter=True)
        .where(*filter_conditions(filters))
        .order_by(Report.id)
        .execution_options(yield_per=BATCH)
    )
    for report, code, category_name, kota_name, kecamatan_name, kelurahan_name in session.exec(statement):
        yield {
            "tracking_code": report.tracking_code,
            "title": report.title,
            "category": code,
            "category_name": category_name,
            "status": report.status,
            "public_status": public_status(report.status).code,
            "created_at": _iso(report.created_at),
            "updated_at": _iso(report.updated_at),
            "resolved_at": _iso(report.resolved_at),
            "due_at": _iso(report.due_at),
            "kota": display_name(kota_name or ""),
            "kecamatan": display_name(kecamatan_name or ""),
            "kelurahan": display_name(kelurahan_name or ""),
            "address": report.address,
            "latitude": report.latitude,
            "longitude": report.longitude,
            "support_count": report.support_count,
            "channel": report.channel,
        }
