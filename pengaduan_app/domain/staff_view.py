"""The full report as staff see it: reporter contact, internal notes and the audit trail included."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from ..models import AuditEntry, Category, Photo, Redaction, Report, ReportAttribute, StaffUser, StatusChange
from .accounts import StaffIdentity
from .moderation import PHOTO_TARGET
from .permissions import require_can_see
from .public_reports import media_url, route_label


@dataclass(frozen=True)
class StaffStep:
    id: int
    at: datetime
    action: str
    to_status: str
    note: str
    actor: str
    public: bool
    hidden: bool


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    action: str
    detail: dict


@dataclass(frozen=True)
class StaffReport:
    report: Report
    category: Category
    area_label: str
    duplicate_of: str
    photos: list[tuple[str, str, str, int]] = field(default_factory=list)  # (url, thumb, kind, id)
    steps: list[StaffStep] = field(default_factory=list)
    audit: list[AuditLine] = field(default_factory=list)
    attributes: list[tuple[str, str]] = field(default_factory=list)  # (code, value): answers to extra questions


def _redacted_texts(session: Session, report: Report) -> set[str]:
    """The originals of the report's redacted texts: admins only may read them (in the redaction itself)."""
    return set(
        session.exec(
            select(Redaction.original).where(
                Redaction.report_id == report.id, ~Redaction.target.startswith(PHOTO_TARGET)
            )
        ).all()
    )


def _without_redacted(detail: dict, redacted: set[str]) -> dict:
    """An audit entry's detail with any text a moderator since redacted left out (the step shows the new text)."""
    return {key: value for key, value in detail.items() if not (isinstance(value, str) and value in redacted)}


def staff_report(session: Session, identity: StaffIdentity | None, tracking_code: str) -> StaffReport | None:
    """None when unknown; PermissionDenied when the officer may not handle it (moderators may read it)."""
    row = session.exec(
        select(Report, Category)
        .join(Category, Category.id == Report.category_id)
        .where(Report.tracking_code == tracking_code)
    ).first()
    if row is None:
        return None
    report, category = row
    require_can_see(session, identity, report)
    photos = session.exec(select(Photo).where(Photo.report_id == report.id).order_by(Photo.kind.desc(), Photo.position))
    steps = session.exec(
        select(StatusChange).where(StatusChange.report_id == report.id).order_by(StatusChange.at, StatusChange.id)
    )
    audit_rows = session.exec(
        select(AuditEntry, StaffUser.display_name)
        .join(StaffUser, StaffUser.id == AuditEntry.actor_id, isouter=True)
        .where(AuditEntry.report_id == report.id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    attributes = session.exec(
        select(ReportAttribute.code, ReportAttribute.value)
        .where(ReportAttribute.report_id == report.id)
        .order_by(ReportAttribute.code)
    )
    duplicate_of = session.get(Report, report.duplicate_of_id).tracking_code if report.duplicate_of_id else ""
    redacted = set() if identity.is_admin else _redacted_texts(session, report)
    return StaffReport(
        report=report,
        category=category,
        area_label=route_label(session, report),
        duplicate_of=duplicate_of,
        photos=[(media_url(p.filename), media_url(p.thumb_filename), p.kind, p.id) for p in photos],
        steps=[StaffStep(s.id, s.at, s.action, s.to_status, s.note, s.actor, s.public, s.hidden) for s in steps],
        audit=[
            AuditLine(a.at, name or "", a.action, _without_redacted(json.loads(a.detail or "{}"), redacted))
            for a, name in audit_rows
        ],
        attributes=[(code, value) for code, value in attributes],
    )
