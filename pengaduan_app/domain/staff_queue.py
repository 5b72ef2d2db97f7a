"""The triage queue: the reports an officer may handle, filtered, sorted and paged in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import false, func
from sqlmodel import Session, select

from ..geo.names import display_name
from ..models import Area, Category, Report, StaffUser
from ..models.types import utcnow
from . import permissions, status
from .accounts import StaffIdentity, identity_of
from .areas import AreaOption, area_options
from .overdue import overdue_condition
from .permissions import (
    can_handle,
    field_check_clause,
    handled_area_ids,
    may_assign_to,
    scope_clause,
    sees_every_field_check,
    supervised_area_ids,
)
from .queue_search import QUERY_MAX, search_condition
from .validation import CHANNELS

OPEN_STATUSES = status.OPEN_STATUSES
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
    q: str = ""  # a tracking code, the reporter's phone or e-mail, or words (domain.queue_search)
    far_photo: bool = False  # after photo taken far from the place (domain.field_check), for those who may see it


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
