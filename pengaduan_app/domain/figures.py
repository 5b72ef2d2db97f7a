"""The performance page's running totals (models.figures): each report's share of them.

domain.report_rollups subtracts a report's old share and adds its new one on every flush; a share
depends only on the report's own columns (and whether it was ever reopened, which a `reopen` step marks
on it), so the totals always equal a full recount (`rebuild_figures`, which the migration and the
benchmarks use after bulk inserts).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from ..models import AreaOpenDue, AreaTally, DailyTally, Report, StatusChange
from ..models.figures import NO_AREA
from . import status
from .increments import add_amounts
from .sla import JAKARTA

LEVELS = ("kota", "kecamatan", "kelurahan")
DONE = (status.RESOLVED, status.CLOSED)
COUNTERS = (
    "received",
    "resolved",
    "done_due",
    "within",
    "reopened",
    "resolved_ever",
    "rating_sum",
    "ratings",
    "responded",
    "resolved_timed",
    "hidden",
)
# The report columns a share is computed from.
FIELDS = (
    "status",
    "hidden",
    "due_at",
    "created_at",
    "first_response_at",
    "resolved_at",
    "rating",
    "reopened",
    "kota_id",
    "kecamatan_id",
    "kelurahan_id",
)


def hours(start: datetime | None, end: datetime | None) -> float | None:
    return (end - start).total_seconds() / 3600.0 if start is not None and end is not None else None


def due_day(moment: datetime) -> str:
    """The UTC day a deadline falls on (the key of AreaOpenDue)."""
    return moment.astimezone(UTC).date().isoformat()


def _share(values: dict) -> tuple[Counter, Counter, Counter]:
    """One report's part of each total: (area counters, open reports due per day, daily counts)."""
    tallies, due, daily = Counter(), Counter(), Counter()
    done = values["status"] in DONE
    due_at, resolved_at = values["due_at"], values["resolved_at"]
    counters = {
        "received": 1,
        "resolved": done,
        "done_due": done and due_at is not None,
        "within": done and resolved_at is not None and due_at is not None and resolved_at <= due_at,
        "reopened": bool(values["reopened"]),
        "resolved_ever": done or bool(values["reopened"]),
        "rating_sum": values["rating"] or 0,
        "ratings": values["rating"] is not None,
        "responded": values["first_response_at"] is not None,
        "resolved_timed": done and resolved_at is not None,
        # Hidden reports count like any other (hiding must never improve an area's figures), and are shown.
        "hidden": bool(values["hidden"]),
    }
    for level in LEVELS:
        area = values[f"{level}_id"] or NO_AREA
        for name, amount in counters.items():
            tallies[(level, area, name)] += int(amount)
        if not done and due_at is not None:
            due[(level, area, due_day(due_at))] += 1
    daily[(values["created_at"].astimezone(JAKARTA).date().isoformat(), "received")] += 1
    if resolved_at is not None:
        daily[(resolved_at.astimezone(JAKARTA).date().isoformat(), "resolved")] += 1
    return tallies, due, daily


def set_stored_times(report: Report) -> None:
    """Store the report's response and resolution times (read in order by the medians)."""
    response = hours(report.created_at, report.first_response_at)
    resolution = hours(report.created_at, report.resolved_at) if report.status in DONE else None
    if report.response_hours != response:
        report.response_hours = response
    if report.resolution_hours != resolution:
        report.resolution_hours = resolution


def apply_changes(session: Session, old: Iterable[dict], new: Iterable[dict]) -> None:
    """Subtract the shares of `old` report values and add those of `new`."""
    tallies, due, daily = Counter(), Counter(), Counter()
    for sign, rows in ((-1, old), (1, new)):
        for values in rows:
            for total, part in zip((tallies, due, daily), _share(values), strict=True):
                for key, amount in part.items():
                    total[key] += sign * amount
    by_area: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    for (level, area, name), amount in tallies.items():
        by_area[(level, area)][name] += amount
    area_rows = [
        {"level": level, "area_id": area, **amounts}
        for (level, area), amounts in by_area.items()
        if any(amounts.values())
    ]
    add_amounts(session, AreaTally.__table__, ("level", "area_id"), area_rows)
    due_rows = [
        {"level": level, "area_id": area, "due_day": day, "open_count": amount}
        for (level, area, day), amount in due.items()
        if amount
    ]
    add_amounts(session, AreaOpenDue.__table__, ("level", "area_id", "due_day"), due_rows)
    by_day: dict[str, dict] = defaultdict(lambda: {"received": 0, "resolved": 0})
    for (day, name), amount in daily.items():
        by_day[day][name] += amount
    day_rows = [{"day": day, **amounts} for day, amounts in by_day.items() if any(amounts.values())]
    add_amounts(session, DailyTally.__table__, ("day",), day_rows)


def rebuild_figures(session: Session, batch: int = 20_000) -> None:
    """Recount every total from the reports (after bulk inserts or a restore), and their stored times."""
    for table in (AreaTally, AreaOpenDue, DailyTally):
        session.execute(delete(table))
    session.execute(Report.__table__.update().where(Report.reopened.is_(True)).values(reopened=False))
    reopened = select(StatusChange.report_id).where(StatusChange.action == "reopen")
    session.execute(Report.__table__.update().where(Report.id.in_(reopened)).values(reopened=True))
    columns = [Report.id, Report.response_hours, Report.resolution_hours, *(getattr(Report, name) for name in FIELDS)]
    last_id = 0
    while True:
        rows = session.execute(select(*columns).where(Report.id > last_id).order_by(Report.id).limit(batch)).all()
        if not rows:
            break
        shares, times = [], []
        for row_id, stored_response, stored_resolution, *fields in rows:
            values = dict(zip(FIELDS, fields, strict=True))
            shares.append(values)
            response = hours(values["created_at"], values["first_response_at"])
            resolution = hours(values["created_at"], values["resolved_at"]) if values["status"] in DONE else None
            if (response, resolution) != (stored_response, stored_resolution):  # most are right already
                times.append({"row_id": row_id, "response": response, "resolution": resolution})
        apply_changes(session, [], shares)
        if times:
            _store_times(session, times)
        last_id = rows[-1][0]


def _store_times(session: Session, times: list[dict]) -> None:
    table = Report.__table__
    session.connection().execute(
        table.update()
        .where(table.c.id == bindparam("row_id"))
        .values(response_hours=bindparam("response"), resolution_hours=bindparam("resolution")),
        times,
    )
