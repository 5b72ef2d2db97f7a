"""The kecamatan complaint desk: an officer files a complaint for a citizen who came in person.

The privacy (show the name, anonymous, confidential) is chosen with the citizen: a draft without one is refused
by the same validation as every channel (domain.validation). The walk-in gets a private link like a web
reporter; its key exists in clear only in the answer to the filing (stored as a hash), so the receipt printed
right then is the only one that can carry it and its QR code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session, select

from ..config import Settings
from ..geo.names import display_name
from ..media import PhotoStore
from ..models import Area, Category, Report, StaffUser, StatusChange
from .accounts import StaffIdentity, identity_of
from .audit import record
from .confirmation import issue_reporter_key
from .permissions import PermissionDenied, can_handle, require_staff
from .public_reports import route_label
from .submission import UploadedPhoto, submit_report
from .validation import Draft


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


def receipt(session: Session, identity: StaffIdentity | None, tracking_code: str) -> Receipt | None:
    """The printable receipt: for the officer who filed the complaint, or anyone who may handle it."""
    officer = require_staff(identity)
    row = session.exec(
        select(Report, Category)
        .join(Category, Category.id == Report.category_id)
        .where(Report.tracking_code == tracking_code)
    ).first()
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
