"""Open311 POST requests: the web form's submission (domain.submission), channel "api", reporter name hidden.

Besides the report, an API submission stores its token (for GET tokens/{token})
and the answers to the service's attributes, in the same transaction as the
report: a report never exists without them, and a bad answer stops the report
together with the other fields' problems.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from sqlmodel import Session, select

from ..config import Settings
from ..media import PhotoStore
from ..models import ApiSubmission, Area, Category, Report, ReportAttribute
from ..models.types import utcnow
from . import privacy
from .categories import read_attributes
from .limits import Submitter
from .open311 import responsible_name, sla_notice, unit_label
from .submission import SubmissionError, SubmissionLimited, UploadedPhoto, submit_report
from .validation import Draft, clean_text

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
