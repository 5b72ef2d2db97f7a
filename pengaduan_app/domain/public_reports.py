"""What the public may see of reports: plain values, never the reporter's contact.

Confidential reports leave this module only through `private_report_detail`, which confirmation.reporter_view
calls for their own reporter; anonymous ones lose their name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from ..config import get_settings
from ..geo.names import display_name
from ..models import Area, Category, Photo, Report, StatusChange
from ..models.types import utcnow
from . import privacy
from .sla import is_overdue
from .status import OPEN_STATUSES, PUBLIC_STATUSES, internal_statuses_for
from .viewport import BBox

PAGE_SIZE = 20
SORTS = ("newest", "supported", "nearest")


@dataclass(frozen=True)
class AreaNames:
    kota: str = ""
    kecamatan: str = ""
    kelurahan: str = ""
    approximate: bool = False


@dataclass(frozen=True)
class PhotoView:
    url: str
    thumb_url: str
    kind: str
    width: int
    height: int


@dataclass(frozen=True)
class TimelineStep:
    at: datetime
    from_status: str | None
    to_status: str
    note: str
    actor: str
    action: str = "submit"


@dataclass(frozen=True)
class ReportSummary:
    tracking_code: str
    title: str
    category_code: str
    category_id: str
    category_en: str
    status: str
    latitude: float
    longitude: float
    created_at: datetime
    support_count: int
    kecamatan: str
    thumb_url: str
    report_id: int

    def category_name(self, lang: str) -> str:
        return self.category_en if lang == "en" else self.category_id


@dataclass(frozen=True)
class ReportDetail:
    summary: ReportSummary
    description: str
    address: str
    channel: str
    reporter: str | None
    updated_at: datetime
    areas: AreaNames
    photos: list[PhotoView] = field(default_factory=list)
    timeline: list[TimelineStep] = field(default_factory=list)
    due_at: datetime | None = None
    overdue: bool = False  # still open past its SLA deadline
    confidential: bool = False  # only ever built for its own reporter (see confirmation.reporter_view)
    hidden_reason: str = ""  # a moderator hid it: only ever shown to its own reporter, with why
    duplicate: bool = False  # rejected as the same as another report: no support, no follow
    duplicate_of: str = ""  # the original's code while the public may see it (the page links to it)


@dataclass(frozen=True)
class ReportFilter:
    status: str = ""  # a public status code: waiting, in_progress, done, rejected, reopened
    category: str = ""
    kota_id: int | None = None
    kecamatan_id: int | None = None
    kelurahan_id: int | None = None
    created_from: datetime | None = None  # inclusive
    created_before: datetime | None = None  # exclusive
    bbox: BBox | None = None


FILTER_NAMES = ("status", "category", "kota", "kecamatan", "kelurahan", "from", "to")
_PUBLIC_CODES = {p.code for p in PUBLIC_STATUSES}
_CATEGORY_CODE = re.compile(r"^[a-z0-9_]{1,40}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _area_id(value: str) -> int:
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        raise ValueError("must be an area id (a whole number)")
    return int(value)


def _day(value: str) -> date:
    if not _ISO_DATE.match(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError("is not a real date") from None
    if not 2000 <= day.year <= 2100:
        raise ValueError("must be a date between the years 2000 and 2100")
    return day


def _status(value: str) -> str:
    if value not in _PUBLIC_CODES:
        raise ValueError(f"must be one of {', '.join(sorted(_PUBLIC_CODES))}")
    return value


def _category(value: str) -> str:
    if not _CATEGORY_CODE.match(value):
        raise ValueError("must be a category code (a-z, 0-9, _)")
    return value


_FIELD_READERS = {
    "status": _status,
    "category": _category,
    "kota": _area_id,
    "kecamatan": _area_id,
    "kelurahan": _area_id,
    "from": _day,
    "to": _day,
}


def read_filter(values: Mapping[str, object], timezone: str | None = None) -> tuple[ReportFilter, dict[str, str]]:
    """A filter from untrusted strings (query string, event payload) and the problems found.

    A malformed field is left out of the filter and named in the problems, so the
    API can refuse the request and the pages can simply ignore the field.
    Dates are whole days in the city's time zone; `to` is inclusive.
    """
    read: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, reader in _FIELD_READERS.items():
        raw = values.get(name, "")
        text = raw if isinstance(raw, str) else ""
        if raw not in ("", None) and not text:
            errors[name] = "must be text"
        elif text:
            try:
                read[name] = reader(text)
            except ValueError as err:
                errors[name] = str(err)
    if "from" in read and "to" in read and read["to"] < read["from"]:
        errors["to"] = "must not be before from"
        del read["to"]
    zone = ZoneInfo(timezone or get_settings().timezone)

    def start_of(day: date) -> datetime:
        return datetime.combine(day, time(), zone)

    return (
        ReportFilter(
            status=read.get("status", ""),
            category=read.get("category", ""),
            kota_id=read.get("kota"),
            kecamatan_id=read.get("kecamatan"),
            kelurahan_id=read.get("kelurahan"),
            created_from=start_of(read["from"]) if "from" in read else None,
            created_before=start_of(read["to"] + timedelta(days=1)) if "to" in read else None,
        ),
        errors,
    )


def parse_filter(values: Mapping[str, object]) -> ReportFilter:
    """A filter from untrusted strings: anything malformed is dropped."""
    return read_filter(values)[0]


def media_url(filename: str) -> str:
    return f"/media/{filename}"


# Public or anonymous, and not hidden by a moderator. Built once: SQL expressions are immutable, and the
# busiest reads (the map page's list, a report page) put it in every statement.
_VISIBLE = Report.privacy.in_([privacy.PUBLIC, privacy.ANONYMOUS]) & Report.hidden.is_(False)


def filter_conditions(filters: ReportFilter) -> list:
    """SQL conditions on Report (no join needed) for what the public may see and the filter chooses."""
    conditions = [_VISIBLE]
    if filters.status:
        conditions.append(Report.status.in_(internal_statuses_for(filters.status)))
    if filters.category:
        category_id = select(Category.id).where(Category.code == filters.category).scalar_subquery()
        conditions.append(Report.category_id == category_id)
    for column, value in (
        (Report.kota_id, filters.kota_id),
        (Report.kecamatan_id, filters.kecamatan_id),
        (Report.kelurahan_id, filters.kelurahan_id),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.created_from is not None:
        conditions.append(Report.created_at >= filters.created_from)
    if filters.created_before is not None:
        conditions.append(Report.created_at < filters.created_before)
    if filters.bbox is not None:
        west, south, east, north = filters.bbox
        conditions += [Report.latitude.between(south, north), Report.longitude.between(west, east)]
    return conditions


def first_photo_urls(session: Session, report_ids: list[int]) -> dict[int, str]:
    """The address of each report's first photo, by report id (list cards take its thumbnail: summary_select)."""
    if not report_ids:
        return {}
    rows = session.exec(
        select(Photo.report_id, Photo.filename).where(
            Photo.report_id.in_(report_ids), Photo.kind == "report", Photo.position == 0
        )
    ).all()
    return {report_id: media_url(name) for report_id, name in rows}


_AREA_NAMES = select(Area.id, Area.name).where(Area.id.in_(bindparam("ids", expanding=True)))


def area_names(session: Session, ids: set[int]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {i: display_name(n) for i, n in session.exec(_AREA_NAMES, params={"ids": sorted(ids)}).all()}


_KECAMATAN = aliased(Area, name="kecamatan_area")
_FIRST_THUMB = (
    select(Photo.thumb_filename)
    .where(Photo.report_id == Report.id, Photo.kind == "report", Photo.position == 0)
    .limit(1)
    .scalar_subquery()
)


def summary_select() -> Select:
    """What a list card shows of each report, in one statement: the report's columns, its category, its
    kecamatan's name and its first photo's thumbnail (no report object is loaded). Callers add the where,
    order and limit; the rows go to `summaries_from`."""
    return (
        select(
            Report.id,
            Report.tracking_code,
            Report.title,
            Report.status,
            Report.latitude,
            Report.longitude,
            Report.created_at,
            Report.support_count,
            Category.code.label("category_code"),
            Category.name_id.label("category_id_name"),
            Category.name_en.label("category_en_name"),
            _KECAMATAN.name.label("kecamatan_name"),
            _FIRST_THUMB.label("thumb_filename"),
        )
        .join(Category, Category.id == Report.category_id)
        .outerjoin(_KECAMATAN, _KECAMATAN.id == Report.kecamatan_id)
    )


def summaries_from(rows) -> list[ReportSummary]:
    """List cards from rows of `summary_select`."""
    return [
        ReportSummary(
            tracking_code=row.tracking_code,
            title=row.title,
            category_code=row.category_code,
            category_id=row.category_id_name,
            category_en=row.category_en_name,
            status=row.status,
            latitude=row.latitude,
            longitude=row.longitude,
            created_at=row.created_at,
            support_count=row.support_count,
            kecamatan=display_name(row.kecamatan_name) if row.kecamatan_name else "",
            thumb_url=media_url(row.thumb_filename) if row.thumb_filename else "",
            report_id=row.id,
        )
        for row in rows
    ]


def _order(sort: str, near: tuple[float, float] | None) -> list:
    if sort == "nearest" and near is not None:
        # Equirectangular distance: exact enough to rank places within a city, and plain SQL everywhere.
        lat, lng = near
        dy = Report.latitude - lat
        dx = (Report.longitude - lng) * math.cos(math.radians(lat))
        return [dy * dy + dx * dx, Report.id.desc()]
    newest = [Report.created_at.desc(), Report.id.desc()]
    return [Report.support_count.desc(), *newest] if sort == "supported" else newest


def list_public_reports(
    session: Session,
    filters: ReportFilter = ReportFilter(),
    *,
    limit: int = PAGE_SIZE,
    offset: int = 0,
    sort: str = "newest",
    near: tuple[float, float] | None = None,
) -> list[ReportSummary]:
    """Newest first, or most supported first, or nearest to `near` first (`sort` is one of SORTS)."""
    statement = summary_select().where(*filter_conditions(filters))
    statement = statement.order_by(*_order(sort, near)).offset(offset).limit(limit)
    return summaries_from(session.exec(statement).all())


def count_public_reports(session: Session, filters: ReportFilter = ReportFilter()) -> int:
    return session.exec(select(func.count(Report.id)).where(*filter_conditions(filters))).one()


# Built once: every support asks it (domain.support).
_PUBLIC_ID = select(Report.id, Report.duplicate_of_id).where(Report.tracking_code == bindparam("code"), _VISIBLE)


def public_report_id(session: Session, tracking_code: str) -> int | None:
    """The id of a report the public may see, or None (unknown and confidential look the same)."""
    found = public_report_and_original_id(session, tracking_code)
    return None if found is None else found[0]


def public_report_and_original_id(session: Session, tracking_code: str) -> tuple[int, int | None] | None:
    """(id, id of the report it duplicates or None) of a report the public may see, or None."""
    return session.exec(_PUBLIC_ID, params={"code": tracking_code}).first()


def original_of(session: Session, report_id: int) -> str | None:
    """None when the report is no duplicate; else the code of the report it is the same as, "" while the public
    may not see that one. A duplicate's support and followers belong to the original."""
    original_id = session.exec(select(Report.duplicate_of_id).where(Report.id == report_id)).first()
    return None if original_id is None else _original_code(session, original_id)


def get_public_summary(session: Session, tracking_code: str) -> ReportSummary | None:
    """The report as a list or popup shows it, or None if unknown or confidential."""
    rows = session.exec(summary_select().where(Report.tracking_code == tracking_code, _VISIBLE)).all()
    return summaries_from(rows)[0] if rows else None


# The report page's statements, built once with bound parameters: building a statement and its cache key
# costs about as much as running it on a small table (bench/domain_calls.py).
_PUBLIC_REPORT = select(Report).where(Report.tracking_code == bindparam("code"), _VISIBLE)
_SUMMARY = summary_select().where(Report.id == bindparam("report_id"))
_PHOTOS = select(Photo).where(Photo.report_id == bindparam("report_id")).order_by(Photo.kind.desc(), Photo.position)
_PUBLIC_STEPS = (
    select(StatusChange)
    .where(StatusChange.report_id == bindparam("report_id"), StatusChange.public, StatusChange.hidden.is_(False))
    .order_by(StatusChange.at, StatusChange.id)
)


def get_public_report(session: Session, tracking_code: str) -> ReportDetail | None:
    """The report as the public sees it, or None if unknown or confidential."""
    report = session.exec(_PUBLIC_REPORT, params={"code": tracking_code}).first()
    return _detail(session, report) if report else None


def private_report_detail(session: Session, report: Report) -> ReportDetail:
    """Any report as its page shows it; the caller has checked that the one asking may see it."""
    return _detail(session, report)


def _detail(session: Session, report: Report) -> ReportDetail:
    [summary] = summaries_from(session.exec(_SUMMARY, params={"report_id": report.id}).all())
    names = area_names(session, {report.kota_id, report.kecamatan_id, report.kelurahan_id})
    photos = session.exec(_PHOTOS, params={"report_id": report.id}).all()
    steps = session.exec(_PUBLIC_STEPS, params={"report_id": report.id}).all()
    return ReportDetail(
        summary=summary,
        description=report.description,
        address=report.address,
        channel=report.channel,
        reporter=privacy.public_reporter_name(report.privacy, report.reporter_name),
        updated_at=report.updated_at,
        areas=AreaNames(
            kota=names.get(report.kota_id, ""),
            kecamatan=names.get(report.kecamatan_id, ""),
            kelurahan=names.get(report.kelurahan_id, ""),
            approximate=report.routing_approximate,
        ),
        photos=[
            PhotoView(media_url(p.filename), media_url(p.thumb_filename), p.kind, p.width, p.height) for p in photos
        ],
        timeline=[TimelineStep(s.at, s.from_status, s.to_status, s.note, s.actor, s.action) for s in steps],
        due_at=report.due_at,
        overdue=report.status in OPEN_STATUSES and is_overdue(report.due_at, utcnow()),
        confidential=not privacy.is_publicly_visible(report.privacy),
        duplicate=report.duplicate_of_id is not None,
        duplicate_of=_original_code(session, report.duplicate_of_id),
    )


def _original_code(session: Session, original_id: int | None) -> str:
    """The original's code while the public may see it, else ""."""
    if original_id is None:
        return ""
    code = session.exec(select(Report.tracking_code).where(Report.id == original_id, _VISIBLE)).first()
    return code or ""


def route_label(session: Session, route) -> str:
    """`Kelurahan, Kecamatan, Kota` for a routing result (see geo.router.Route)."""
    ids = [route.kelurahan_id, route.kecamatan_id, route.kota_id]
    names = area_names(session, set(ids))
    return ", ".join(names[i] for i in ids if i in names)
