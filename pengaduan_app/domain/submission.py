"""Filing a report: validate, route to its area, process photos, store all or nothing; its tracking code; and the
kecamatan complaint desk, where an officer files for a citizen who came in person.

Tracking codes look like `JKT-2611-483920`: city, year+month (Jakarta time), six random digits. The digits are
drawn at random (and checked to be unused), not counted: with a running number the gap between two codes told
anyone that hidden or confidential reports existed, and when. Digits only, so a code is easy to read aloud over
the phone. Older codes with a running number (`JKT-2611-00042`) stay valid.

At the desk the privacy (show the name, anonymous, confidential) is chosen with the citizen: a draft without
one is refused by the same validation as every channel (domain.validation). The walk-in gets a private link
like a web reporter; its key exists in clear only in the answer to the filing (stored as a hash), so the
receipt printed right then is the only one that can carry it and its QR code.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..config import Settings
from ..db import after_commit
from ..errors import Refused
from ..geo.names import display_name
from ..geo.router import get_router
from ..media import PhotoError, PhotoStore
from ..models import Area, Category, Report, ReportAttribute, StaffUser, StatusChange
from ..models.types import utcnow
from ..ops import metrics
from . import status
from .accounts import StaffIdentity, identity_of
from .areas import responsible_unit
from .audit import record
from .categories import answer_field, read_attributes
from .citizens import normalise_login
from .confirmation import issue_reporter_key
from .handling import SUBMIT, apply_step
from .limits import LimitHit, Submitter, limit_hit
from .permissions import PermissionDenied, can_handle, require_staff
from .photos import UploadedPhoto, attach_photos, process_uploads
from .public_reports import route_label
from .sla import add_working_days
from .validation import Draft, FieldError, normalise, photo_count_error, validate_fields

# Tracking codes.
CODE_PATTERN = re.compile(r"^[A-Z]{2,5}-\d{4}-\d{5,}$")
ATTEMPTS = 50  # a month would need hundreds of thousands of reports before one draw in two is taken


class NoFreeTrackingCode(Refused):
    """Every draw was taken (practically impossible): the submission is refused, nothing stored."""


def period_of(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%y%m")


def format_code(city_code: str, period: str, number: int) -> str:
    return f"{city_code}-{period}-{number:05d}"


def is_tracking_code(text: str) -> bool:
    return bool(CODE_PATTERN.match(text))


def draw() -> int:
    """Six digits, never a leading zero (so a code is never read as a shorter one)."""
    return 100_000 + secrets.randbelow(900_000)


def next_tracking_code(session: Session, moment: datetime, *, city_code: str, timezone: str) -> str:
    """An unused code for `moment`'s month. Two submissions drawing the same free code at the same instant are
    caught by the unique index (one of them fails and may be sent again)."""
    period = period_of(moment, timezone)
    for _ in range(ATTEMPTS):
        code = format_code(city_code, period, draw())
        if session.exec(select(Report.id).where(Report.tracking_code == code)).first() is None:
            return code
    raise NoFreeTrackingCode("error.no_tracking_code")


# Filing a report.
class SubmissionError(ValueError):
    """The submission was refused; `errors` maps each field to its FieldError."""

    def __init__(self, errors: dict[str, FieldError]):
        super().__init__(", ".join(f"{k}: {v.code}" for k, v in errors.items()))
        self.errors = errors


class SubmissionLimited(SubmissionError):
    """Too many reports from this person or address: the problem is the whole form's (`form`)."""

    def __init__(self, hit: LimitHit):
        super().__init__({"form": FieldError(hit.code, {"max": hit.limit, "time": hit.retry_at})})
        self.hit = hit


def find_by_idempotency_key(session: Session, key: str | None) -> Report | None:
    if not key:
        return None
    return session.exec(select(Report).where(Report.idempotency_key == key)).first()


def submit_report(
    session: Session,
    draft: Draft,
    photos: list[UploadedPhoto],
    *,
    settings: Settings,
    store: PhotoStore,
    officer: StaffIdentity | None = None,
    citizen_id: int | None = None,
    submitter: Submitter | None = None,
    now: datetime | None = None,
) -> Report:
    """Validate and store a new report with its photos and first timeline step.

    Raises SubmissionError with every field's problem, or SubmissionLimited when
    the `submitter` (a citizen or API client; None for officers and imports) has
    filed too many reports lately; on any failure nothing is left behind (no
    row, no new file). A repeated idempotency key returns the report the first
    call created. Flushes, never commits: the caller's unit of work stores it, and the photo files written here
    are removed again if that unit does not commit.
    """
    draft = normalise(draft)
    existing = find_by_idempotency_key(session, draft.idempotency_key)
    if existing is not None:
        return existing

    categories = {c.code: c for c in session.exec(select(Category).where(Category.active)).all()}
    errors = validate_fields(draft, set(categories), settings)
    answers, answer_errors = read_attributes(session, draft.category_code, draft.answers)
    errors |= {answer_field(code): error for code, error in answer_errors.items()}
    route = None
    if "location" not in errors:
        route = get_router(session).route(float(draft.latitude), float(draft.longitude))
        if route is None:
            errors["location"] = FieldError("error.location_outside")
    count_error = photo_count_error(len(photos), draft.channel, settings)
    if count_error:
        errors["photos"] = count_error
    else:
        try:
            processed = process_uploads(photos, settings)
        except PhotoError as err:
            errors["photos"] = FieldError(err.code, err.params)
    if errors:
        raise SubmissionError(errors)

    now = now or utcnow()
    hit = limit_hit(session, submitter, citizen_id, settings, now) if submitter else None
    if hit is not None:
        metrics.rate_limited("report")
        raise SubmissionLimited(hit)
    report = Report(
        tracking_code=next_tracking_code(session, now, city_code=settings.city_code, timezone=settings.timezone),
        title=draft.title,
        description=draft.description,
        category_id=categories[draft.category_code].id,
        latitude=float(draft.latitude),
        longitude=float(draft.longitude),
        address=draft.address,
        status=status.NEW,
        privacy=draft.privacy,
        channel=draft.channel,
        reporter_name=draft.reporter_name,
        reporter_contact=draft.reporter_contact,
        reporter_contact_key=normalise_login(draft.reporter_contact) or None,
        kota_id=route.kota_id,
        kecamatan_id=route.kecamatan_id,
        kelurahan_id=route.kelurahan_id,
        routing_approximate=route.approximate,
        **responsible_unit(categories[draft.category_code], route),
        idempotency_key=draft.idempotency_key,
        citizen_id=citizen_id,
        submitter_hash=submitter.person_hash if submitter else None,
        client_hash=submitter.address_hash if submitter else None,
        due_at=add_working_days(now, categories[draft.category_code].sla_days),
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():  # a concurrent twin (same idempotency key) undoes only this insert
            session.add(report)
    except IntegrityError:
        again = find_by_idempotency_key(session, draft.idempotency_key)
        if again is not None:
            return again
        raise
    session.add_all(ReportAttribute(report_id=report.id, code=code, value=value) for code, value in answers.items())
    attach_photos(session, report, processed, "report", store, at=now)
    apply_step(session, report, SUBMIT, officer=officer, at=now)
    after_commit(session, lambda: metrics.report_filed(report.channel))
    return report


# The kecamatan complaint desk.
@dataclass(frozen=True)
class WalkIn:
    report: Report
    key: str | None  # the private link's key; None when the report already had one (a repeated submission)


@dataclass(frozen=True)
class Receipt:
    tracking_code: str
    title: str
    category_id: str
    category_en: str
    area: str
    address: str
    created_at: datetime
    officer: str
    privacy: str
    due_at: datetime | None
    sla_days: int
    desk_kecamatan: str  # where the filing officer works: the desk the citizen came to


def file_walk_in(
    session: Session,
    identity: StaffIdentity | None,
    draft: Draft,
    photos: list[UploadedPhoto],
    *,
    settings: Settings,
    store: PhotoStore,
) -> WalkIn:
    """Same validation and routing as the web form; channel `desk`, photos optional, the officer recorded."""
    officer = require_staff(identity)
    report = submit_report(
        session,
        replace(draft, channel="desk"),
        photos,
        settings=settings,
        store=store,
        officer=officer,
    )
    key = issue_reporter_key(session, report)
    if key is not None:  # a repeated submission returns the report already filed and audited
        record(session, officer, "desk_submit", report)
    session.flush()
    return WalkIn(report, key)


def desk_kecamatan(session: Session, officer: StaffIdentity) -> str:
    """The kecamatan an officer's desk is in: their own kecamatan, or their kelurahan's; '' for city-wide staff."""
    rows = session.exec(select(Area).where(Area.id.in_(officer.area_ids))).all() if officer.area_ids else []
    ids = {a.id if a.level == "kecamatan" else a.parent_id for a in rows if a.level in ("kecamatan", "kelurahan")}
    names = session.exec(select(Area.name).where(Area.id.in_(ids - {None}))).all() if ids else []
    return ", ".join(sorted(display_name(name) for name in names))


def report_and_category(session: Session, tracking_code: str) -> tuple[Report, Category] | None:
    """The report with this tracking code and its category, or None."""
    return session.exec(
        select(Report, Category)
        .join(Category, Category.id == Report.category_id)
        .where(Report.tracking_code == tracking_code)
    ).first()


def receipt(session: Session, identity: StaffIdentity | None, tracking_code: str) -> Receipt | None:
    """The printable receipt: for the officer who filed the complaint, or anyone who may handle it."""
    officer = require_staff(identity)
    row = report_and_category(session, tracking_code)
    if row is None:
        return None
    report, category = row
    filed = session.exec(
        select(StatusChange).where(StatusChange.report_id == report.id, StatusChange.action == "submit")
    ).first()
    if not (filed and filed.author_id == officer.id) and not can_handle(session, officer, report):
        raise PermissionDenied()
    filer = session.get(StaffUser, filed.author_id) if filed and filed.author_id else None
    return Receipt(
        tracking_code=report.tracking_code,
        title=report.title,
        category_id=category.name_id,
        category_en=category.name_en,
        area=route_label(session, report),
        address=report.address,
        created_at=report.created_at,
        officer=filed.actor if filed else "",
        privacy=report.privacy,
        due_at=report.due_at,
        sla_days=category.sla_days,
        desk_kecamatan=desk_kecamatan(session, identity_of(session, filer)) if filer else "",
    )
