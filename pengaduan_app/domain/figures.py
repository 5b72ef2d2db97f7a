"""Keeps the performance page's running totals (models.figures) exact as reports change.

Every flush of a session that adds, changes or deletes a report subtracts the report's old share of
the figures and adds its new one, in the same transaction, with atomic increments: concurrent writers
on SQLite and PostgreSQL cannot lose an update. A report's share depends only on its own columns (and
whether it was ever reopened, which a `reopen` step marks on it), so the totals always equal a full
recount (`rebuild_figures`, which the migration and the benchmarks use after bulk inserts).
Changes made with bulk UPDATE statements bypass the ORM and must not touch the columns in FIELDS.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..models import AreaOpenDue, AreaTally, DailyTally, Report, StatusChange
from ..models.figures import NO_AREA
from . import status
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
    if values["hidden"]:
        return tallies, due, daily
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


def _current(report: Report) -> dict:
    return {name: getattr(report, name) for name in FIELDS}


def _locked_before(session: Session, reports: list[Report]) -> list[dict]:
    """The reports' columns as committed in the database, read with a row lock so that a concurrent writer
    cannot change them before this transaction ends (PostgreSQL; SQLite's writers are serialised already).

    Columns this flush does not change are refreshed on the objects from that read: a writer that loaded
    a report before another one committed must not compute its new share, nor its stored times, from
    values that are no longer there.
    """
    if not reports:
        return []
    columns = [getattr(Report, name) for name in FIELDS]
    query = select(Report.id, *columns).where(Report.id.in_([r.id for r in reports])).with_for_update()
    committed = {row[0]: dict(zip(FIELDS, row[1:], strict=True)) for row in session.connection().execute(query)}
    olds = []
    for report in reports:
        values = committed.get(report.id)
        if values is None:  # already gone: nothing of it is counted
            values = {**_current(report), "hidden": True}
        state = inspect(report)
        for name in FIELDS:
            if not state.attrs[name].history.has_changes():
                set_committed_value(report, name, values[name])
        olds.append(values)
    return olds


def _set_times(report: Report) -> None:
    """Store the report's response and resolution times (read in order by the medians)."""
    response = hours(report.created_at, report.first_response_at)
    resolution = hours(report.created_at, report.resolved_at) if report.status in DONE else None
    if report.response_hours != response:
        report.response_hours = response
    if report.resolution_hours != resolution:
        report.resolution_hours = resolution


def _upsert(session: Session, table, keys: dict, amounts: dict) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values(**keys, **amounts)
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: getattr(table.c, name) + amount for name, amount in amounts.items()}
    )
    session.connection().execute(statement)


def apply_changes(session: Session, old: Iterable[dict], new: Iterable[dict]) -> None:
    """Subtract the shares of `old` report values and add those of `new`, as increments."""
    tallies, due, daily = Counter(), Counter(), Counter()
    for sign, rows in ((-1, old), (1, new)):
        for values in rows:
            for total, part in zip((tallies, due, daily), _share(values), strict=True):
                for key, amount in part.items():
                    total[key] += sign * amount
    by_area: dict[tuple, dict] = defaultdict(dict)
    for (level, area, name), amount in tallies.items():
        if amount:
            by_area[(level, area)][name] = amount
    for (level, area), amounts in sorted(by_area.items()):
        _upsert(session, AreaTally.__table__, {"level": level, "area_id": area}, amounts)
    for (level, area, day), amount in sorted(due.items()):
        if amount:
            keys = {"level": level, "area_id": area, "due_day": day}
            _upsert(session, AreaOpenDue.__table__, keys, {"open_count": amount})
    by_day: dict[str, dict] = defaultdict(dict)
    for (day, name), amount in daily.items():
        if amount:
            by_day[day][name] = amount
    for day, amounts in sorted(by_day.items()):
        _upsert(session, DailyTally.__table__, {"day": day}, amounts)


def _mark_reopened(session: Session) -> None:
    for step in [obj for obj in session.new if isinstance(obj, StatusChange)]:
        if step.action == "reopen":
            report = step.report if "report" in step.__dict__ else None
            report = report or session.get(Report, step.report_id)
            if report is not None and not report.reopened:
                report.reopened = True


@event.listens_for(Session, "before_flush")
def _keep_figures(session: Session, _context, _instances) -> None:
    with session.no_autoflush:
        _mark_reopened(session)
        added = [obj for obj in session.new if isinstance(obj, Report)]
        changed = [obj for obj in session.dirty if isinstance(obj, Report) and session.is_modified(obj)]
        removed = [obj for obj in session.deleted if isinstance(obj, Report)]
        if not (added or changed or removed):
            return
        old = _locked_before(session, changed + removed)
        for report in added + changed:
            _set_times(report)
        apply_changes(session, old, [_current(report) for report in added + changed])


def rebuild_figures(session: Session, batch: int = 20_000) -> None:
    """Recount every total from the reports (after bulk inserts or a restore), and their stored times."""
    for table in (AreaTally, AreaOpenDue, DailyTally):
        session.execute(delete(table))
    session.execute(Report.__table__.update().values(reopened=False))
    reopened = select(StatusChange.report_id).where(StatusChange.action == "reopen")
    session.execute(Report.__table__.update().where(Report.id.in_(reopened)).values(reopened=True))
    columns = [Report.id, *(getattr(Report, name) for name in FIELDS)]
    last_id = 0
    while True:
        rows = session.execute(select(*columns).where(Report.id > last_id).order_by(Report.id).limit(batch)).all()
        if not rows:
            break
        shares, times = [], []
        for row in rows:
            values = dict(zip(FIELDS, row[1:], strict=True))
            shares.append(values)
            resolution = hours(values["created_at"], values["resolved_at"]) if values["status"] in DONE else None
            times.append(
                {
                    "row_id": row[0],
                    "response": hours(values["created_at"], values["first_response_at"]),
                    "resolution": resolution,
                }
            )
        apply_changes(session, [], shares)
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
