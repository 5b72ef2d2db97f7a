"""What staff see of reports: the triage queue (filtered, sorted and paged in SQL), its search, the overdue
count in the header, and the full report (reporter contact, internal notes and the audit trail included).

Search finds reports by tracking code, by the reporter's phone or e-mail (exact), or by words in the title,
description and address. Words go through the database's own text index, so a search stays fast at 100,000
reports: SQLite's FTS5 table `report_fts` (kept in step with `report` by triggers) and, on PostgreSQL, the stored
column `search_vector` (the three columns' `simple` text vector) with a GIN index. Every word must be present,
as a word or the start of one ("lubang" finds "lubangnya"). The index itself is created by the migration;
`SEARCH_SCHEMA_NAMES` tells the model comparison to leave it alone.

Overdue means open and past the deadline, within the units the officer answers for (permissions.scope_clause):
an area officer's areas, a dinas officer's agency. Admins and moderators answer for no unit and get no count (the
city-wide figure is a count over tens of thousands of rows on every page; the queue's filter and the digest
tell them). The query walks the (unit_area_id | unit_agency, status, due_at) indexes: milliseconds at 100k.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import false, func, text
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from ..geo.names import display_name
from ..models import Area, AuditEntry, Category, Photo, Redaction, Report, ReportAttribute, StaffUser, StatusChange
from ..models.types import utcnow
from . import permissions, status
from .accounts import StaffIdentity, identity_of
from .areas import AreaOption, area_options
from .citizens import normalise_login
from .duplicates import CANDIDATE_LIMIT, box_around, haversine_m
from .moderation import PHOTO_TARGET
from .permissions import (
    can_handle,
    field_check_clause,
    handled_area_ids,
    may_assign_to,
    may_see_field_check,
    require_can_see,
    scope_clause,
    sees_every_field_check,
    supervised_area_ids,
)
from .public_reports import area_names, media_url, route_label
from .status import OPEN_STATUSES
from .submission import is_tracking_code, report_and_category
from .validation import CHANNELS

# The overdue count in the staff header.
UNIT_ROLES = (permissions.KELURAHAN, permissions.KECAMATAN, permissions.AGENCY)


def overdue_condition(now: datetime):
    return Report.status.in_(OPEN_STATUSES) & (Report.due_at < now)


def overdue_count(session: Session, identity: StaffIdentity | None, now: datetime | None = None) -> int:
    """How many reports this officer's units have let run past their deadline (0 for those without a unit)."""
    if identity is None or identity.role not in UNIT_ROLES:
        return 0
    statement = select(func.count(Report.id)).where(scope_clause(session, identity), overdue_condition(now or utcnow()))
    return session.exec(statement).one()


# Searching the queue.
QUERY_MAX = 100
MANY_MATCHES = 2000
WORDS_MAX = 8
# Tables, columns and indexes the text search adds outside the models.
SEARCH_SCHEMA_NAMES = ("report_fts", "ix_report_search", "search_vector")
_PHONE_DIGITS = re.compile(r"0\d{7,15}")


def is_search_schema(name: str | None) -> bool:
    return bool(name) and name.startswith(SEARCH_SCHEMA_NAMES)


def _contact(query: str) -> str | None:
    """The contact key when the query is an e-mail address or a phone number, else None."""
    if "@" in query and " " not in query:
        return normalise_login(query)
    if re.fullmatch(r"[+\d][\d\s().-]{6,}", query):
        key = normalise_login(query)
        return key if _PHONE_DIGITS.fullmatch(key) else None
    return None


def search_condition(session: Session, query: str) -> ColumnElement | None:
    """A WHERE clause for `query` (None when it is empty); the caller adds the officer's scope."""
    query = " ".join(str(query or "").split())[:QUERY_MAX]
    if not query:
        return None
    if is_tracking_code(query.upper()):
        return Report.tracking_code == query.upper()
    contact = _contact(query)
    if contact is not None:
        return Report.reporter_contact_key == contact
    words = re.findall(r"[^\W_]+", query.lower())[:WORDS_MAX]
    if not words:
        return false()
    if session.get_bind().dialect.name == "postgresql":
        terms = " & ".join(f"{word}:*" for word in words)
        return text("report.search_vector @@ to_tsquery('simple'::regconfig, :search_terms)").bindparams(
            search_terms=terms
        )
    terms = " ".join(f'"{word}"*' for word in words)  # quoted: FTS5 operators in the words mean nothing
    matches = text("SELECT rowid FROM report_fts WHERE report_fts MATCH :search_terms").bindparams(search_terms=terms)
    # SQLite's planner has no idea how many reports match, so tell it. Many (a word in a third of all
    # reports): `id + 0` makes it walk the queue's sort index and stop after one page, instead of fetching
    # every match by id and sorting them all (4 ms instead of 70 at 27,000 matches). Few: fetch them by id.
    many = session.execute(
        text("SELECT count(*) FROM (SELECT 1 FROM report_fts WHERE report_fts MATCH :search_terms LIMIT :n)"),
        {"search_terms": terms, "n": MANY_MATCHES + 1},
    ).scalar_one()
    return (Report.id + 0 if many > MANY_MATCHES else Report.id).in_(matches)


# The triage queue.
SORTS = {
    "oldest": (Report.created_at.asc(), Report.id.asc()),
    "newest": (Report.created_at.desc(), Report.id.desc()),
    "supported": (Report.support_count.desc(), Report.created_at.asc()),
    "priority": (Report.priority.desc(), Report.created_at.asc()),
}
QUEUE_PAGE_SIZE = 25
SEARCH_COUNT_CAP = 1000  # a search counts its matches up to here; more show as "1000+"


@dataclass(frozen=True)
class QueueFilter:
    status: str = "open"  # an internal status, "open" (all unfinished) or "" (all)
    category: str = ""
    area_id: int | None = None
    overdue: bool = False
    channel: str = ""
    assigned_to_me: bool = False
    q: str = ""  # a tracking code, the reporter's phone or e-mail, or words (search_condition)
    far_photo: bool = False  # after photo taken far from the place (photos.check_after_photos), if they may see it


@dataclass(frozen=True)
class QueueRow:
    tracking_code: str
    title: str
    category_id: str
    category_en: str
    status: str
    priority: int
    created_at: datetime
    due_at: datetime | None
    overdue: bool
    kecamatan: str
    kelurahan: str
    unit_agency: str | None
    assigned_to: str
    support_count: int
    channel: str
    privacy: str
    far_photo: bool = False  # shown only to those who may see the check


def parse_queue_filter(values: dict) -> QueueFilter:
    """From untrusted strings; unknown values fall back to the defaults."""
    wanted_status = str(values.get("status", "open"))
    area = str(values.get("area", ""))
    channel = str(values.get("channel", ""))
    return QueueFilter(
        status=wanted_status if wanted_status in ("open", "", *status.STATUSES) else "open",
        category=str(values.get("category", ""))[:40],
        area_id=int(area) if area.isdigit() and len(area) < 10 else None,
        overdue=str(values.get("overdue", "")) in ("1", "true"),
        channel=channel if channel in CHANNELS else "",
        assigned_to_me=str(values.get("mine", "")) in ("1", "true"),
        q=str(values.get("q", ""))[:QUERY_MAX],
        far_photo=str(values.get("far", "")) in ("1", "true"),
    )


def _where(statement, session: Session, identity: StaffIdentity, filters: QueueFilter, now: datetime):
    statement = statement.where(scope_clause(session, identity))
    if filters.status == "open":
        statement = statement.where(Report.status.in_(OPEN_STATUSES))
    elif filters.status:
        statement = statement.where(Report.status == filters.status)
    if filters.category:
        statement = statement.where(Category.code == filters.category)
    if filters.area_id is not None:
        statement = statement.where(
            (Report.kelurahan_id == filters.area_id)
            | (Report.kecamatan_id == filters.area_id)
            | (Report.kota_id == filters.area_id)
        )
    if filters.overdue:
        statement = statement.where(overdue_condition(now))
    if filters.channel:
        statement = statement.where(Report.channel == filters.channel)
    if filters.assigned_to_me:
        statement = statement.where(Report.assigned_user_id == identity.id)
    if filters.far_photo:
        # An officer who may not see the check gets nothing, rather than a list that would reveal it.
        visible = field_check_clause(session, identity)
        statement = statement.where(Report.after_photo_far.is_(True), visible if visible is not None else false())
    found = search_condition(session, filters.q)
    if found is not None:
        statement = statement.where(found)
    return statement


def queue_page(
    session: Session,
    identity: StaffIdentity,
    filters: QueueFilter,
    *,
    sort: str = "oldest",
    page: int = 0,
    page_size: int = QUEUE_PAGE_SIZE,
) -> tuple[list[QueueRow], int]:
    """One page of the queue and the total count (for a search, at most SEARCH_COUNT_CAP + 1)."""
    now = utcnow()
    base = select(Report, Category).join(Category, Category.id == Report.category_id)
    statement = _where(base, session, identity, filters, now).order_by(*SORTS.get(sort, SORTS["oldest"]))
    rows = session.exec(statement.offset(max(page, 0) * page_size).limit(page_size)).all()
    matching = _where(
        select(Report.id).select_from(Report).join(Category, Category.id == Report.category_id),
        session,
        identity,
        filters,
        now,
    )
    if filters.q:
        # A word like "jalan" may be in a third of all reports: count no further than anyone pages.
        matching = matching.limit(SEARCH_COUNT_CAP + 1)
    count_statement = select(func.count()).select_from(matching.subquery())
    total = session.exec(count_statement).one()
    area_ids = {r.kecamatan_id for r, _ in rows} | {r.kelurahan_id for r, _ in rows}
    area_rows = session.exec(select(Area.id, Area.name).where(Area.id.in_(area_ids - {None}))).all()
    names = {area_id: display_name(name) for area_id, name in area_rows}
    officer_ids = {r.assigned_user_id for r, _ in rows} - {None}
    officers = (
        dict(session.exec(select(StaffUser.id, StaffUser.display_name).where(StaffUser.id.in_(officer_ids))).all())
        if officer_ids
        else {}
    )
    sees_all = sees_every_field_check(identity)
    supervised = set() if sees_all else supervised_area_ids(session, identity)
    return [
        QueueRow(
            tracking_code=r.tracking_code,
            title=r.title,
            category_id=c.name_id,
            category_en=c.name_en,
            status=r.status,
            priority=r.priority,
            created_at=r.created_at,
            due_at=r.due_at,
            overdue=r.status in OPEN_STATUSES and r.due_at is not None and now > r.due_at,
            kecamatan=names.get(r.kecamatan_id, ""),
            kelurahan=names.get(r.kelurahan_id, ""),
            unit_agency=r.unit_agency,
            assigned_to=officers.get(r.assigned_user_id, ""),
            support_count=r.support_count,
            channel=r.channel,
            privacy=r.privacy,
            far_photo=r.after_photo_far and (sees_all or (r.unit_agency is None and r.unit_area_id in supervised)),
        )
        for r, c in rows
    ], total


QUEUE_MAP_LIMIT = 2000


def queue_pins(
    session: Session, identity: StaffIdentity, filters: QueueFilter, *, limit: int = QUEUE_MAP_LIMIT
) -> list[tuple[str, str, str, float, float]]:
    """(code, title, status, lat, lng) of the queue's reports under the same filters, newest first, for its map
    view; at most `limit` (a narrower filter shows the rest)."""
    base = select(Report.tracking_code, Report.title, Report.status, Report.latitude, Report.longitude).join(
        Category, Category.id == Report.category_id
    )
    statement = _where(base, session, identity, filters, utcnow()).order_by(*SORTS["newest"]).limit(limit)
    return [tuple(row) for row in session.exec(statement).all()]


def officers_for(session: Session, identity: StaffIdentity, report: Report | None = None) -> list[tuple[int, str]]:
    """Active officers the signed-in officer may assign to (their units and those below); for one report, only
    those who may handle it themselves."""
    users = session.exec(select(StaffUser).where(StaffUser.active).order_by(StaffUser.display_name)).all()
    chosen = []
    for user in users:
        officer = identity_of(session, user)
        if may_assign_to(session, identity, officer) and (report is None or can_handle(session, officer, report)):
            chosen.append((user.id, user.display_name))
    return chosen


def filter_areas(session: Session, identity: StaffIdentity) -> list[AreaOption]:
    """The areas the queue's area filter offers: an area officer's own (a camat's kecamatan and its
    kelurahan); admins and city agencies, who work city-wide, every kecamatan."""
    if identity.is_admin or identity.role == permissions.AGENCY:
        return [AreaOption(a.id, a.name, "kecamatan") for a in area_options(session, "kecamatan")]
    ids = handled_area_ids(session, identity)
    if not ids:
        return []
    rows = session.exec(select(Area.id, Area.name, Area.level).where(Area.id.in_(ids))).all()
    levels = {"kota": 0, "kecamatan": 1, "kelurahan": 2}
    ordered = sorted(rows, key=lambda row: (levels.get(row[2], 3), display_name(row[1])))
    return [AreaOption(i, display_name(name), level) for i, name, level in ordered]


# The full report as staff see it.
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
    # Metres between the place and an after photo taken too far from it (photos.check_after_photos), for those who may
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
    row = report_and_category(session, tracking_code)
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
