"""What the public may see of reports: plain values, never the reporter's contact.

Confidential reports never leave this module; anonymous ones lose their name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from ..geo.names import display_name
from ..models import Area, Category, Photo, Report, StatusChange
from . import privacy
from .status import PUBLIC_STATUSES, internal_statuses_for

PAGE_SIZE = 20


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


@dataclass(frozen=True)
class ReportFilter:
    status: str = ""  # a public status code: waiting, in_progress, done, rejected, reopened
    category: str = ""
    kota_id: int | None = None
    kecamatan_id: int | None = None
    kelurahan_id: int | None = None


FILTER_NAMES = ("status", "category", "kota", "kecamatan", "kelurahan")
_PUBLIC_CODES = {p.code for p in PUBLIC_STATUSES}


def _as_id(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


def parse_filter(values: Mapping[str, str]) -> ReportFilter:
    """A filter from untrusted strings (query string, event payload): anything malformed is dropped."""
    status = str(values.get("status", ""))
    return ReportFilter(
        status=status if status in _PUBLIC_CODES else "",
        category=str(values.get("category", ""))[:40],
        kota_id=_as_id(str(values.get("kota", ""))),
        kecamatan_id=_as_id(str(values.get("kecamatan", ""))),
        kelurahan_id=_as_id(str(values.get("kelurahan", ""))),
    )


def media_url(filename: str) -> str:
    return f"/media/{filename}"


def _visible():
    """Public or anonymous, and not hidden by a moderator."""
    return Report.privacy.in_([privacy.PUBLIC, privacy.ANONYMOUS]) & Report.hidden.is_(False)


def _filtered(statement, filters: ReportFilter):
    statement = statement.where(_visible())
    if filters.status:
        statement = statement.where(Report.status.in_(internal_statuses_for(filters.status)))
    if filters.category:
        statement = statement.where(Category.code == filters.category)
    for column, value in (
        (Report.kota_id, filters.kota_id),
        (Report.kecamatan_id, filters.kecamatan_id),
        (Report.kelurahan_id, filters.kelurahan_id),
    ):
        if value is not None:
            statement = statement.where(column == value)
    return statement


def _first_thumbs(session: Session, report_ids: list[int]) -> dict[int, str]:
    if not report_ids:
        return {}
    rows = session.exec(
        select(Photo.report_id, Photo.thumb_filename).where(
            Photo.report_id.in_(report_ids), Photo.kind == "report", Photo.position == 0
        )
    ).all()
    return {report_id: media_url(thumb) for report_id, thumb in rows}


def _area_names(session: Session, ids: set[int]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {i: display_name(n) for i, n in session.exec(select(Area.id, Area.name).where(Area.id.in_(ids))).all()}


def _summaries(session: Session, rows) -> list[ReportSummary]:
    thumbs = _first_thumbs(session, [report.id for report, _ in rows])
    names = _area_names(session, {report.kecamatan_id for report, _ in rows})
    return [
        ReportSummary(
            tracking_code=report.tracking_code,
            title=report.title,
            category_code=category.code,
            category_id=category.name_id,
            category_en=category.name_en,
            status=report.status,
            latitude=report.latitude,
            longitude=report.longitude,
            created_at=report.created_at,
            support_count=report.support_count,
            kecamatan=names.get(report.kecamatan_id, ""),
            thumb_url=thumbs.get(report.id, ""),
        )
        for report, category in rows
    ]


def list_public_reports(
    session: Session, filters: ReportFilter = ReportFilter(), *, limit: int = PAGE_SIZE, offset: int = 0
) -> list[ReportSummary]:
    """Newest first."""
    statement = _filtered(select(Report, Category).join(Category), filters)
    statement = statement.order_by(Report.created_at.desc(), Report.id.desc()).offset(offset).limit(limit)
    return _summaries(session, session.exec(statement).all())


def count_public_reports(session: Session, filters: ReportFilter = ReportFilter()) -> int:
    statement = _filtered(select(func.count(Report.id)).select_from(Report).join(Category), filters)
    return session.exec(statement).one()


def get_public_report(session: Session, tracking_code: str) -> ReportDetail | None:
    """The report as the public sees it, or None if unknown or confidential."""
    row = session.exec(
        select(Report, Category).join(Category).where(Report.tracking_code == tracking_code, _visible())
    ).first()
    if row is None:
        return None
    report, _category = row
    summary = _summaries(session, [row])[0]
    names = _area_names(session, {report.kota_id, report.kecamatan_id, report.kelurahan_id})
    photos = session.exec(
        select(Photo).where(Photo.report_id == report.id).order_by(Photo.kind.desc(), Photo.position)
    ).all()
    steps = session.exec(
        select(StatusChange)
        .where(StatusChange.report_id == report.id, StatusChange.public, StatusChange.hidden.is_(False))
        .order_by(StatusChange.at, StatusChange.id)
    ).all()
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
        timeline=[TimelineStep(s.at, s.from_status, s.to_status, s.note, s.actor) for s in steps],
    )


def route_label(session: Session, route) -> str:
    """`Kelurahan, Kecamatan, Kota` for a routing result (see geo.router.Route)."""
    ids = [route.kelurahan_id, route.kecamatan_id, route.kota_id]
    names = _area_names(session, set(ids))
    return ", ".join(names[i] for i in ids if i in names)
