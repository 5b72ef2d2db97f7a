"""Filing a report: validate, route to its area, process photos, store all or nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..config import Settings
from ..db import after_commit
from ..geo.router import get_router
from ..media import PhotoError, PhotoStore
from ..models import Category, Report, ReportAttribute
from ..models.types import utcnow
from ..ops import metrics
from . import status
from .accounts import StaffIdentity
from .areas import responsible_unit
from .categories import answer_field, read_attributes
from .citizens import normalise_login
from .handling import SUBMIT, apply_step
from .limits import LimitHit, Submitter, limit_hit
from .photos import UploadedPhoto, attach_photos, process_uploads
from .sla import add_working_days
from .tracking import next_tracking_code
from .validation import Draft, FieldError, normalise, photo_count_error, validate_fields


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
