"""Running totals kept in step with every change to a report: the performance figures (domain.figures)
and the map's grid cells (domain.map_cells).

Every flush that adds, changes or deletes a report subtracts the report's old share of each total and
adds its new one, in the same transaction, as increments (domain.increments). The old values are read
from the database under a row lock, not from the object: a writer that loaded the report before another
one committed would otherwise subtract a share that is no longer there. Shares are added after the flush,
when new reports have their ids. Bulk UPDATE statements bypass the ORM: they must not touch FIELDS.
"""

from __future__ import annotations

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..models import Report, StatusChange
from . import figures, map_cells

ROLLUPS = (figures.apply_changes, map_cells.apply_changes)
FIELDS = tuple(dict.fromkeys(("id", *figures.FIELDS, *map_cells.FIELDS)))
_PENDING = "report_rollups.pending"


def _current(report: Report) -> dict:
    return {name: getattr(report, name) for name in FIELDS}


def _locked_before(session: Session, reports: list[Report]) -> list[dict]:
    """The reports' columns as committed, read with a row lock (PostgreSQL; SQLite's writers are
    serialised already). Columns this flush does not change are refreshed on the objects from that read,
    so their new share (and stored times) are not computed from values that are no longer there."""
    if not reports:
        return []
    query = select(*(getattr(Report, name) for name in FIELDS)).where(Report.id.in_([r.id for r in reports]))
    committed = {
        row[0]: dict(zip(FIELDS, row, strict=True)) for row in session.connection().execute(query.with_for_update())
    }
    olds = []
    for report in reports:
        values = committed.get(report.id)
        if values is None:  # gone already: nothing of it is counted
            continue
        state = inspect(report)
        for name in FIELDS:
            if not state.attrs[name].history.has_changes():
                set_committed_value(report, name, values[name])
        olds.append(values)
    return olds


def _mark_reopened(session: Session) -> None:
    for step in [obj for obj in session.new if isinstance(obj, StatusChange)]:
        if step.action == "reopen":
            report = session.get(Report, step.report_id)
            if report is not None and not report.reopened:
                report.reopened = True


@event.listens_for(Session, "before_flush")
def _read_old_shares(session: Session, _context, _instances) -> None:
    session.info.pop(_PENDING, None)
    with session.no_autoflush:
        _mark_reopened(session)
        added = [obj for obj in session.new if isinstance(obj, Report)]
        changed = [obj for obj in session.dirty if isinstance(obj, Report) and session.is_modified(obj)]
        removed = [obj for obj in session.deleted if isinstance(obj, Report)]
        if not (added or changed or removed):
            return
        old = _locked_before(session, changed + removed)
        for report in added + changed:
            figures.set_stored_times(report)
        session.info[_PENDING] = (old, added + changed)


@event.listens_for(Session, "after_flush")
def _add_new_shares(session: Session, _context) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is None:
        return
    old, reports = pending
    new = [_current(report) for report in reports]
    for apply_changes in ROLLUPS:
        apply_changes(session, old, new)
