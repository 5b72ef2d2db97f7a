"""The triage queue: the reports an officer may handle, filtered, sorted and paged in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from ..geo.names import display_name
from ..models import Area, Category, Report, StaffUser
from ..models.types import utcnow
from . import status
from .accounts import StaffIdentity, identity_of
from .permissions import scope_clause, shares_a_unit
from .validation import CHANNELS

OPEN_STATUSES = status.OPEN_STATUSES
SORTS = {
    "oldest": (Report.created_at.asc(), Report.id.asc()),
    "newest": (Report.created_at.desc(), Report.id.desc()),
    "supported": (Report.support_count.desc(), Report.created_at.asc()),
    "priority": (Report.priority.desc(), Report.created_at.asc()),
}
QUEUE_PAGE_SIZE = 25


@dataclass(frozen=True)
class QueueFilter:
    status: str = "open"  # an internal status, "open" (all unfinished) or "" (all)
    category: str = ""
    area_id: int | None = None
    overdue: bool = False
    channel: str = ""
    assigned_to_me: bool = False


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
        statement = statement.where(Report.status.in_(OPEN_STATUSES), Report.due_at < now)
    if filters.channel:
        statement = statement.where(Report.channel == filters.channel)
    if filters.assigned_to_me:
        statement = statement.where(Report.assigned_user_id == identity.id)
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
    """One page of the queue and the total count."""
    now = utcnow()
    base = select(Report, Category).join(Category, Category.id == Report.category_id)
    statement = _where(base, session, identity, filters, now).order_by(*SORTS.get(sort, SORTS["oldest"]))
    rows = session.exec(statement.offset(max(page, 0) * page_size).limit(page_size)).all()
    count_statement = _where(
        select(func.count(Report.id)).select_from(Report).join(Category, Category.id == Report.category_id),
        session,
        identity,
        filters,
        now,
    )
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
        )
        for r, c in rows
    ], total


def officers_for(session: Session, identity: StaffIdentity) -> list[tuple[int, str]]:
    """Active officers the signed-in officer may assign reports to: those sharing one of their units."""
    users = session.exec(select(StaffUser).where(StaffUser.active).order_by(StaffUser.display_name)).all()
    return [
        (user.id, user.display_name)
        for user in users
        if identity.is_admin or shares_a_unit(session, identity, identity_of(session, user))
    ]
