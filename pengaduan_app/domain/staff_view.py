"""The full report as staff see it: reporter contact, internal notes and the audit trail included."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from ..models import AuditEntry, Category, Photo, Redaction, Report, ReportAttribute, StaffUser, StatusChange
from .accounts import StaffIdentity
from .duplicates import CANDIDATE_LIMIT, box_around, haversine_m
from .moderation import PHOTO_TARGET
from .permissions import may_see_field_check, require_can_see, scope_clause
from .public_reports import area_names, media_url, route_label

NEARBY_RADIUS_M = 300
NEARBY_LIMIT = 40


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
    places: dict[str, str] = field(default_factory=dict)  # level (kota, kecamatan, kelurahan) -> routed name
    # Metres between the place and an after photo taken too far from it (domain.field_check), for those who may
    # see that check; None otherwise.
    far_photo_m: int | None = None


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
        places=_places(session, report),
        far_photo_m=report.after_photo_distance_m
        if report.after_photo_far and may_see_field_check(session, identity, report)
        else None,
    )


def _places(session: Session, report: Report) -> dict[str, str]:
    levels = {"kelurahan": report.kelurahan_id, "kecamatan": report.kecamatan_id, "kota": report.kota_id}
    names = area_names(session, set(levels.values()))
    return {level: names.get(area_id, "") for level, area_id in levels.items()}


@dataclass(frozen=True)
class NearbyPin:
    code: str
    title: str
    status: str
    latitude: float
    longitude: float
    distance_m: float


def nearby_for_staff(
    session: Session, identity: StaffIdentity, report: Report, *, radius_m: float = NEARBY_RADIUS_M
) -> list[NearbyPin]:
    """Other reports this officer may handle within `radius_m` of the report, nearest first: the same problem
    reported twice, or the street's other troubles, seen before walking there."""
    box = box_around(report.latitude, report.longitude, radius_m)
    rows = session.exec(
        select(Report.tracking_code, Report.title, Report.status, Report.latitude, Report.longitude)
        .where(
            scope_clause(session, identity),
            Report.id != report.id,
            Report.latitude.between(box.south, box.north),
            Report.longitude.between(box.west, box.east),
        )
        .limit(CANDIDATE_LIMIT)
    ).all()
    here = (report.latitude, report.longitude)
    pins = [NearbyPin(*row, distance_m=haversine_m(here, (row[3], row[4]))) for row in rows]
    return sorted((p for p in pins if p.distance_m <= radius_m), key=lambda p: (p.distance_m, p.code))[:NEARBY_LIMIT]
