"""Open311 GeoReport v2 read side: categories as services, public reports as service requests.

Plain values for the API (and any page or command that wants the same view).
Only what the public may see: public_reports decides visibility (confidential
and hidden reports never come out), and reporter names and contacts are never
read here at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from ..geo.names import display_name
from ..models import ApiSubmission, Area, Category, Report, StatusChange
from ..models.types import utcnow
from . import status
from .areas import agency_name
from .categories import Attribute, active_categories, attributes_for
from .public_reports import ReportFilter, filter_conditions, first_photo_urls

OPEN, CLOSED = "open", "closed"
OPEN311_STATUSES = (OPEN, CLOSED)
DEFAULT_WINDOW = timedelta(days=90)
MAX_PAGE_SIZE = 1000
SERVICE_TYPE = "realtime"  # codes are assigned while the client waits

_GROUPS = {
    "Jalan dan transportasi": (
        "jalan_rusak",
        "lampu_jalan",
        "kemacetan",
        "parkir_liar",
        "angkot_ngetem",
        "transjakarta",
    ),
    "Air dan lingkungan": ("banjir", "saluran_tersumbat", "sampah", "pohon_tumbang", "taman"),
    "Ketertiban umum": (
        "pkl_liar",
        "pelanggaran_aturan",
        "pengemis",
        "dilarang_merokok",
        "iklan_liar",
        "izin_bangunan",
    ),
    "Keselamatan dan kesehatan": ("kebakaran", "tindak_kriminal", "makanan_tidak_higienis"),
    "Fasilitas umum": ("fasilitas_umum",),
}
_GROUP_OF = {code: group for group, codes in _GROUPS.items() for code in codes}
OTHER_GROUP = "Lainnya"


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    description: str
    keywords: str
    group: str
    attributes: tuple[Attribute, ...]

    @property
    def metadata(self) -> bool:
        return bool(self.attributes)


@dataclass(frozen=True)
class ServiceRequest:
    service_request_id: str
    status: str
    status_notes: str | None
    service_name: str
    service_code: str
    title: str
    description: str
    agency_responsible: str | None
    service_notice: str
    requested_datetime: datetime
    updated_datetime: datetime
    expected_datetime: datetime | None
    address: str
    lat: float
    long: float
    media_path: str | None  # the first photo's path on this server; the API makes it absolute


@dataclass(frozen=True)
class RequestQuery:
    """GET requests, already checked. `ids` overrides every other filter, as the specification says."""

    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: tuple[str, ...] = ()
    page: int = 1
    page_size: int = MAX_PAGE_SIZE


def open311_status(internal: str) -> str:
    """Done and rejected reports are closed; everything else is still open."""
    return CLOSED if status.public_status(internal).code in (status.DONE.code, status.DECLINED.code) else OPEN


def _internal_statuses(words: tuple[str, ...]) -> list[str]:
    return [s for s in status.STATUSES if open311_status(s) in words]


def sla_notice(sla_days: int) -> str:
    return f"Target: resolved within {sla_days} working days."


def _service(session: Session, category: Category) -> Service:
    # In English throughout, like the rest of the API's text; the agency's own name follows as a proper name.
    agency = f"the {agency_name(category.agency, 'en')} ({agency_name(category.agency, 'id')})"
    handler = f" Handled city-wide by {agency}." if category.agency else ""
    words = dict.fromkeys(w.lower() for w in (category.name_id, category.name_en, category.code.replace("_", " ")))
    return Service(
        code=category.code,
        name=category.name_id,
        description=f"{category.name_en}.{handler} {sla_notice(category.sla_days)}",
        keywords=", ".join(words),
        group=_GROUP_OF.get(category.code, OTHER_GROUP),
        attributes=attributes_for(session, category.code),
    )


def list_services(session: Session) -> list[Service]:
    return [_service(session, category) for category in active_categories(session)]


def get_service(session: Session, code: str) -> Service | None:
    category = session.exec(select(Category).where(Category.code == code, Category.active)).first()
    return _service(session, category) if category else None


def date_window(query: RequestQuery, now: datetime | None = None) -> tuple[datetime, datetime]:
    """The requested_datetime range searched: 90 days back from `end` (or now) unless `start` is given."""
    end = query.end or (query.start + DEFAULT_WINDOW if query.start else now or utcnow())
    return query.start or end - DEFAULT_WINDOW, end


_COLUMNS = (
    Report.id,
    Report.tracking_code,
    Report.title,
    Report.description,
    Report.status,
    Report.address,
    Report.latitude,
    Report.longitude,
    Report.created_at,
    Report.updated_at,
    Report.due_at,
    Report.unit_agency,
    Report.unit_area_id,
    Category.code.label("service_code"),
    Category.name_id.label("service_name"),
    Category.sla_days,
)


def _visible_rows():
    return select(*_COLUMNS).join(Category, Category.id == Report.category_id).where(*filter_conditions(ReportFilter()))


def find_requests(session: Session, query: RequestQuery, now: datetime | None = None) -> list[ServiceRequest]:
    """Newest first, one page."""
    statement = _visible_rows()
    if query.ids:
        statement = statement.where(Report.tracking_code.in_(query.ids))
    else:
        start, end = date_window(query, now)
        statement = statement.where(Report.created_at >= start, Report.created_at <= end)
        if query.service_codes:
            statement = statement.where(Category.code.in_(query.service_codes))
        if query.statuses:
            statement = statement.where(Report.status.in_(_internal_statuses(query.statuses)))
    statement = statement.order_by(Report.created_at.desc(), Report.id.desc())
    statement = statement.offset((query.page - 1) * query.page_size).limit(query.page_size)
    return _service_requests(session, session.exec(statement).all())


def get_request(session: Session, code: str) -> ServiceRequest | None:
    rows = session.exec(_visible_rows().where(Report.tracking_code == code)).all()
    return _service_requests(session, rows)[0] if rows else None


def code_for_token(session: Session, token: str) -> str | None:
    """The tracking code a POST's token stands for, if the public may see that report."""
    return session.exec(
        select(Report.tracking_code)
        .join(ApiSubmission, ApiSubmission.report_id == Report.id)
        .where(ApiSubmission.token == token, *filter_conditions(ReportFilter()))
    ).first()


def _last_public_notes(session: Session, ids: list[int]) -> dict[int, str]:
    latest = (
        select(func.max(StatusChange.id))
        .where(
            StatusChange.report_id.in_(ids),
            StatusChange.public,
            StatusChange.hidden.is_(False),
            StatusChange.note != "",
        )
        .group_by(StatusChange.report_id)
    )
    return dict(
        session.exec(select(StatusChange.report_id, StatusChange.note).where(StatusChange.id.in_(latest))).all()
    )


def _unit_names(session: Session, area_ids: set[int]) -> dict[int, str]:
    rows = session.exec(select(Area.id, Area.level, Area.name).where(Area.id.in_(area_ids))).all()
    return {area_id: unit_label(level, name) for area_id, level, name in rows}


def unit_label(level: str, name: str) -> str:
    """`Kelurahan Gambir` for an area row."""
    return f"{level.capitalize()} {display_name(name)}"


def responsible_name(unit_agency: str | None, unit_area: str | None) -> str | None:
    return agency_name(unit_agency, "id") or unit_area or None


def _service_requests(session: Session, rows) -> list[ServiceRequest]:
    if not rows:
        return []
    ids = [row.id for row in rows]
    photos = first_photo_urls(session, ids, thumbnails=False)
    notes = _last_public_notes(session, ids)
    units = _unit_names(session, {row.unit_area_id for row in rows if row.unit_area_id is not None})
    return [
        ServiceRequest(
            service_request_id=row.tracking_code,
            status=open311_status(row.status),
            status_notes=notes.get(row.id),
            service_name=row.service_name,
            service_code=row.service_code,
            title=row.title,
            description=row.description,
            agency_responsible=responsible_name(row.unit_agency, units.get(row.unit_area_id)),
            service_notice=sla_notice(row.sla_days),
            requested_datetime=row.created_at,
            updated_datetime=row.updated_at,
            expected_datetime=row.due_at,
            address=row.address,
            lat=row.latitude,
            long=row.longitude,
            media_path=photos.get(row.id),
        )
        for row in rows
    ]
