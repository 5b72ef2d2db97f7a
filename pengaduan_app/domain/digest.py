"""The officers' daily digest: what is late or nearly due in their units, and what the units below let slip.

Each active officer with an e-mail address gets the open reports of their own units (their areas; a dinas
officer, their agency) that are past the deadline or due within one working day; the level above hears of
the reports overdue by more than `escalate_after_working_days`: a kecamatan officer of its kelurahan's, an
officer of a kota of its kecamatan's, and admins (the city) of every kecamatan's and agency's. Never the
reporter's contact. A day's digest goes out once: the DigestRun row of that day is claimed in the caller's
transaction, and the mail is sent after it commits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..config import Settings, get_settings
from ..db import after_commit
from ..geo.names import display_name
from ..mail.digest import send_digests
from ..models import Area, Category, DigestRun, Report, StaffArea, StaffUser
from ..models.types import utcnow
from . import permissions
from .areas import BY_CODE as AGENCIES
from .sla import JAKARTA, add_working_days, working_days_late
from .status import OPEN_STATUSES

NEARLY_DUE_WORKING_DAYS = 1
HANDLING_ROLES = (permissions.KELURAHAN, permissions.KECAMATAN, permissions.AGENCY, permissions.ADMIN)


@dataclass(frozen=True)
class DigestLine:
    tracking_code: str
    title: str
    category: str  # Indonesian name (officers' working language)
    area: str  # the unit it waits at
    status: str
    due_at: datetime
    days_late: int  # working days past the deadline; 0 for one not yet due


@dataclass
class Digest:
    email: str
    name: str
    overdue: list[DigestLine] = field(default_factory=list)
    due_soon: list[DigestLine] = field(default_factory=list)
    escalated: list[DigestLine] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due_soon or self.escalated)


@dataclass(frozen=True)
class _Open:
    line: DigestLine
    unit_area_id: int | None
    unit_agency: str | None
    unit_parent: int | None  # the unit area's parent: the level above it
    unit_level: str
    overdue: bool
    escalate: bool


def _open_reports(session: Session, now: datetime, escalate_after: int) -> list[_Open]:
    """Open reports due by the end of the next working day (the index on (status, due_at) finds them)."""
    soon = add_working_days(now, NEARLY_DUE_WORKING_DAYS)
    rows = session.exec(
        select(Report, Category.name_id)
        .join(Category, Category.id == Report.category_id)
        .where(Report.status.in_(OPEN_STATUSES), Report.due_at.is_not(None), Report.due_at <= soon)
        .order_by(Report.due_at, Report.id)
    ).all()
    unit_ids = {r.unit_area_id for r, _ in rows if r.unit_area_id}
    units = {a.id: a for a in session.exec(select(Area).where(Area.id.in_(unit_ids))).all()} if unit_ids else {}
    found = []
    for report, category in rows:
        unit = units.get(report.unit_area_id)
        agency = AGENCIES.get(report.unit_agency or "")
        overdue = now > report.due_at
        late = working_days_late(report.due_at, now) if overdue else 0
        line = DigestLine(
            report.tracking_code,
            report.title,
            category,
            f"{unit.level.title()} {display_name(unit.name)}" if unit else (agency.name_id if agency else ""),
            report.status,
            report.due_at,
            late,
        )
        escalate = overdue and now > add_working_days(report.due_at, escalate_after)
        found.append(
            _Open(
                line,
                report.unit_area_id,
                report.unit_agency,
                unit.parent_id if unit else None,
                unit.level if unit else "",
                overdue,
                escalate,
            )
        )
    return found


def _officers(session: Session) -> list[tuple[StaffUser, set[int]]]:
    users = session.exec(
        select(StaffUser).where(
            StaffUser.active, StaffUser.email.is_not(None), StaffUser.email != "", StaffUser.role.in_(HANDLING_ROLES)
        )
    ).all()
    areas: dict[int, set[int]] = defaultdict(set)
    if users:
        for user_id, area_id in session.exec(
            select(StaffArea.user_id, StaffArea.area_id).where(StaffArea.user_id.in_([u.id for u in users]))
        ).all():
            areas[user_id].add(area_id)
    return [(u, areas[u.id]) for u in users]


def build_digests(session: Session, now: datetime, escalate_after: int) -> list[Digest]:
    """Every officer's digest with something in it, as of `now`."""
    reports = _open_reports(session, now, escalate_after)
    digests = []
    for user, area_ids in _officers(session):
        digest = Digest(user.email, user.display_name)
        for r in reports:
            own = (r.unit_agency is None and r.unit_area_id in area_ids and user.role != permissions.ADMIN) or (
                user.role == permissions.AGENCY and r.unit_agency is not None and r.unit_agency == user.agency
            )
            if own:
                (digest.overdue if r.overdue else digest.due_soon).append(r.line)
            elif r.escalate and _above(user, area_ids, r):
                digest.escalated.append(r.line)
        if digest:
            digests.append(digest)
    return digests


def _above(user: StaffUser, area_ids: set[int], report: _Open) -> bool:
    """Whether `user` is the level above the unit `report` waits at."""
    if user.role == permissions.ADMIN:  # the city: kecamatan units and agencies answer to it
        return report.unit_agency is not None or report.unit_level == "kecamatan"
    return report.unit_agency is None and report.unit_parent in area_ids


def jakarta_day(now: datetime) -> str:
    return now.astimezone(JAKARTA).date().isoformat()


def claim_day(session: Session, day: str) -> DigestRun | None:
    """Today's row, or None when another run (worker, cron) has it already."""
    run = DigestRun(day=day, claimed_at=utcnow())
    try:
        with session.begin_nested():
            session.add(run)
    except IntegrityError:
        return None
    return run


def run_daily_digest(
    session: Session, now: datetime | None = None, settings: Settings | None = None
) -> list[Digest] | None:
    """Claim the day and send its digests once the claim commits; None when the day's digest was already sent.
    Sending waits for the mail server (the CLI and the app's background task call this, never a page)."""
    now = now or utcnow()
    settings = settings or get_settings()
    day = jakarta_day(now)
    run = claim_day(session, day)
    if run is None:
        return None
    digests = build_digests(session, now, settings.escalate_after_working_days)
    run.recipients = len(digests)
    session.add(run)
    if digests:
        after_commit(session, lambda: send_digests(digests, settings, day))
    return digests
