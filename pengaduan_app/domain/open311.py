"""Open311 GeoReport v2: categories as services, public reports as service requests (the read side), and POST
requests filed through the web form's `submit_report` (channel "api", reporter name hidden).

The read side gives plain values for the API (and any page or command that wants the same view), and only what
the public may see: public_reports decides visibility (confidential and hidden reports never come out), and
reporter names and contacts are never read there at all.

Besides the report, an API submission stores its token (for GET tokens/{token})
and the answers to the service's attributes, in the same transaction as the
report: a report never exists without them, and a bad answer stops the report
together with the other fields' problems.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from ..config import Settings
from ..geo.names import display_name
from ..media import PhotoStore
from ..models import ApiSubmission, Area, Category, Report, ReportAttribute, StatusChange
from ..models.types import utcnow
from . import privacy, status
from .areas import agency_name
from .categories import Attribute, active_categories, attributes_for, read_attributes
from .limits import Submitter
from .public_reports import ReportFilter, filter_conditions, first_photo_urls
from .submission import SubmissionError, SubmissionLimited, UploadedPhoto, submit_report
from .validation import Draft, clean_text

# The read side: services and service requests.
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
    photos = first_photo_urls(session, ids)
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


# POST requests.
ELLIPSIS = "…"


@dataclass(frozen=True)
class ApiDraft:
    """The POST fields as text, read from the form but not yet checked."""

    service_code: str = ""
    description: str = ""
    title: str = ""
    lat: str | None = None
    long: str | None = None
    address: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Receipt:
    service_request_id: str
    token: str
    service_notice: str
    replayed: bool  # an earlier POST with the same Idempotency-Key made this report


def title_from(description: str, limit: int) -> str:
    """A title for clients that send none (Open311 has no title): the description's start, cut at a word."""
    text = clean_text(" ".join((description or "").split()))
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " ":  # the cut falls inside a word: drop that word
        cut = cut.rsplit(" ", 1)[0] or cut
    return cut.rstrip() + ELLIPSIS


def scoped_idempotency_key(api_key_id: int, client_key: str | None) -> str:
    """The report's idempotency key: the client's own key scoped to its API key, so two clients never
    collide; a fresh random one when the client sent none."""
    client_key = client_key or secrets.token_hex(16)
    return "api-" + hashlib.sha256(f"{api_key_id}\n{client_key}".encode()).hexdigest()[:56]


def attribute_field(code: str) -> str:
    """The SubmissionError key of an attribute's problem (kept apart from the report's own fields)."""
    return f"attribute[{code}]"


def draft_of(api: ApiDraft, idempotency_key: str, settings: Settings) -> Draft:
    return Draft(
        category_code=api.service_code,
        title=api.title or title_from(api.description, settings.title_max),
        description=api.description,
        latitude=api.lat,
        longitude=api.long,
        address=api.address,
        reporter_name=" ".join(part for part in (api.first_name.strip(), api.last_name.strip()) if part),
        reporter_contact=api.email or api.phone,
        privacy=privacy.ANONYMOUS,
        channel="api",
        idempotency_key=idempotency_key,
    )


def submit_api_request(
    session: Session,
    api: ApiDraft,
    photos: list[UploadedPhoto],
    *,
    api_key_id: int,
    client_idempotency_key: str | None,
    submitter: Submitter,
    settings: Settings,
    store: PhotoStore,
) -> Receipt:
    """File the report, or return the first result for a repeated Idempotency-Key.

    Raises SubmissionError with every problem (report fields and attributes), SubmissionLimited when
    the `submitter` has filed too many reports lately.
    """
    key = scoped_idempotency_key(api_key_id, client_idempotency_key)
    answers, answer_errors = read_attributes(session, clean_text(api.service_code), api.attributes)
    answer_errors = {attribute_field(code): error for code, error in answer_errors.items()}
    try:
        report = submit_report(
            session, draft_of(api, key, settings), photos, settings=settings, store=store, submitter=submitter
        )
    except SubmissionLimited:
        raise
    except SubmissionError as err:
        # Answers are judged against the service: with no valid service, its problem says it all.
        raise SubmissionError({**err.errors, **({} if "category" in err.errors else answer_errors)}) from None
    first_token = session.exec(select(ApiSubmission.token).where(ApiSubmission.report_id == report.id)).first()
    if first_token is not None:  # an earlier POST with this key made the report
        return Receipt(report.tracking_code, first_token, _notice(session, report), replayed=True)
    if answer_errors:
        raise SubmissionError(answer_errors)  # the caller's transaction rolls the report back
    token = secrets.token_urlsafe(24)
    session.add(ApiSubmission(token=token, report_id=report.id, api_key_id=api_key_id, created_at=utcnow()))
    session.add_all(ReportAttribute(report_id=report.id, code=code, value=value) for code, value in answers.items())
    session.flush()
    return Receipt(report.tracking_code, token, _notice(session, report), replayed=False)


def _notice(session: Session, report: Report) -> str:
    category = session.get(Category, report.category_id)
    area = session.get(Area, report.unit_area_id) if report.unit_area_id else None
    unit = responsible_name(report.unit_agency, unit_label(area.level, area.name) if area else None)
    return f"Sent to {unit}. {sla_notice(category.sla_days)}" if unit else sla_notice(category.sla_days)


def stored_photo(store: PhotoStore, name: str) -> UploadedPhoto | None:
    """One of this server's own photos, read from its store (a `media_url` is never fetched)."""
    try:
        return UploadedPhoto(name, store.read(name))
    except (ValueError, FileNotFoundError):
        return None
