"""The kecamatan complaint desk: an officer files a complaint for a citizen who came in person."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session, select

from ..config import Settings
from ..media import MediaStore
from ..models import Category, Report, StatusChange
from .accounts import StaffIdentity
from .audit import record
from .permissions import PermissionDenied, can_handle, require_staff
from .public_reports import route_label
from .submission import UploadedPhoto, submit_report
from .validation import Draft


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


def file_walk_in(
    session: Session,
    identity: StaffIdentity | None,
    draft: Draft,
    photos: list[UploadedPhoto],
    *,
    settings: Settings,
    store: MediaStore,
) -> Report:
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
    record(session, officer, "desk_submit", report)
    return report


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
    )
