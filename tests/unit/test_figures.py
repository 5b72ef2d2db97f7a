"""The performance page reads running totals kept on every change to a report (domain.figures).

Two proofs on random data: after any sequence of changes the totals equal a full recount, and the page's
numbers equal the numbers computed straight from the raw rows, the way the page computed them before the
totals existed (every report walked, hidden ones too, medians over every time). Then writers in several threads at
once, on SQLite and on PostgreSQL: the totals, and the map's grid cells, still equal a full recount.
"""

from __future__ import annotations

import random
import statistics
import threading
from collections import defaultdict
from datetime import date, timedelta

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlmodel import Session, select

from pengaduan_app.db import make_engine
from pengaduan_app.domain import status
from pengaduan_app.domain.figures import rebuild_figures
from pengaduan_app.domain.performance import PRIOR_WEIGHT, area_performance, weekly_trend
from pengaduan_app.domain.sla import JAKARTA
from pengaduan_app.models import AreaOpenDue, AreaTally, DailyTally, Report, StatusChange
from pengaduan_app.models.types import utcnow
from tests.builders import build_city, make_report
from tests.unit.test_map_cells import assert_cells_equal_a_recount

NOW = utcnow()
DONE = (status.RESOLVED, status.CLOSED)
RUNS = hypothesis_settings(
    max_examples=10,
    stateful_step_count=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _snapshot(session: Session) -> dict:
    """Every non-zero total, and each report's stored times."""
    tallies = {
        (t.level, t.area_id, name): getattr(t, name)
        for t in session.exec(select(AreaTally)).all()
        for name in AreaTally.model_fields
        if name not in ("level", "area_id") and getattr(t, name)
    }
    due = {(d.level, d.area_id, d.due_day): d.open_count for d in session.exec(select(AreaOpenDue)).all()}
    daily = {(d.day, d.received, d.resolved) for d in session.exec(select(DailyTally)).all()}
    daily = {row for row in daily if row[1] or row[2]}
    times = {
        r.id: (r.reopened, r.response_hours, r.resolution_hours)
        for r in session.exec(select(Report).execution_options(populate_existing=True)).all()
    }
    return {"tallies": tallies, "due": {k: v for k, v in due.items() if v}, "daily": daily, "times": times}


def assert_totals_equal_a_recount(session: Session) -> None:
    kept = _snapshot(session)
    recount = session.begin_nested()
    rebuild_figures(session)
    session.flush()
    counted = _snapshot(session)
    recount.rollback()
    assert kept["tallies"] == counted["tallies"]
    assert kept["due"] == counted["due"]
    assert kept["daily"] == counted["daily"]
    for report_id, (reopened, response, resolution) in counted["times"].items():
        assert kept["times"][report_id][0] == reopened
        assert kept["times"][report_id][1] == pytest.approx(response)
        assert kept["times"][report_id][2] == pytest.approx(resolution)


def _hours(start, end) -> float:
    return (end - start).total_seconds() / 3600


def _ratio(part, whole):
    return part / whole if whole else None


def _expected(reports, reopened: set[int], key):
    """The figures of one group of reports (hidden ones count too), computed from the raw rows."""
    done = [r for r in reports if r.status in DONE]
    eligible = [r for r in reports if r.due_at is not None and (r in done or r.due_at < NOW)]
    within = [r for r in done if r.resolved_at is not None and r.due_at is not None and r.resolved_at <= r.due_at]
    ever = [r for r in reports if r in done or r.id in reopened]
    ratings = [r.rating for r in reports if r.rating is not None]
    responses = [_hours(r.created_at, r.first_response_at) for r in reports if r.first_response_at]
    resolutions = [_hours(r.created_at, r.resolved_at) for r in done if r.resolved_at]
    return {
        "key": key,
        "received": len(reports),
        "hidden": len([r for r in reports if r.hidden]),
        "share_resolved": _ratio(len(done), len(reports)),
        "eligible": len(eligible),
        "within": len(within),
        "share_within_sla": _ratio(len(within), len(eligible)),
        "reopen_rate": _ratio(len([r for r in ever if r.id in reopened]), len(ever)),
        "average_rating": statistics.mean(ratings) if ratings else None,
        "median_response_hours": statistics.median(responses) if responses else None,
        "median_resolution_hours": statistics.median(resolutions) if resolutions else None,
    }


def assert_page_equals_raw_rows(session: Session, level: str, parent_id: int | None, parent_level: str | None):
    reports = session.exec(select(Report).execution_options(populate_existing=True)).all()
    if parent_id is not None:
        reports = [r for r in reports if getattr(r, f"{parent_level}_id") == parent_id]
    reopened = set(session.exec(select(StatusChange.report_id).where(StatusChange.action == "reopen")).all())
    groups = defaultdict(list)
    for report in reports:
        groups[getattr(report, f"{level}_id")].append(report)
    total = _expected(reports, reopened, None)
    city_share = _ratio(total["within"], total["eligible"])
    expected = [_expected(group, reopened, area) for area, group in groups.items() if area is not None]
    got_total, got_lines = area_performance(session, level, parent_id, now=NOW)
    by_area = {line.area_id: line for line in got_lines}
    assert set(by_area) == {e["key"] for e in expected}
    for want, got in [(total, got_total), *((e, by_area[e["key"]]) for e in expected)]:
        for name in ("received", "eligible", "hidden"):
            assert getattr(got, name) == want[name], name
        for name in (
            "share_resolved",
            "share_within_sla",
            "reopen_rate",
            "average_rating",
            "median_response_hours",
            "median_resolution_hours",
        ):
            assert getattr(got, name) == pytest.approx(want[name], abs=1e-6), name
        if want["key"] is not None and city_share is not None:
            fair = (want["within"] + PRIOR_WEIGHT * city_share) / (want["eligible"] + PRIOR_WEIGHT)
            assert got.fair_score == pytest.approx(fair)


def assert_trend_equals_raw_rows(session: Session) -> None:
    weeks = weekly_trend(session, weeks=6, now=NOW)
    first = date.fromisoformat(weeks[0].week_start)
    received, resolved = [0] * 6, [0] * 6
    for report in session.exec(select(Report)).all():
        for moment, tally in ((report.created_at, received), (report.resolved_at, resolved)):
            if moment is None:
                continue
            week = (moment.astimezone(JAKARTA).date() - first).days // 7
            if 0 <= week < len(tally):  # a resolution time in the future falls past the last week shown
                tally[week] += 1
    assert [w.received for w in weeks] == received
    assert [w.resolved for w in weeks] == resolved


@pytest.fixture
def city(session):
    return build_city(session)


class Figures(RuleBasedStateMachine):
    """Bound to a database and city by `test_totals_follow_every_change`."""

    session = city = None

    @initialize()
    def start(self):
        self.reports: list[Report] = []
        self.kelurahan = [self.city.kel_a1, self.city.kel_a2, self.city.kel_b1]

    def _place(self, report: Report, kelurahan) -> None:
        report.kelurahan_id = kelurahan.id
        report.kecamatan_id = kelurahan.parent_id
        report.kota_id = self.city.kota.id

    def _pick(self, index: int) -> Report | None:
        return self.reports[index % len(self.reports)] if self.reports else None

    @rule(
        area=st.integers(0, 2),
        age_days=st.floats(0, 40),
        due_days=st.one_of(st.none(), st.integers(1, 10)),
        response=st.one_of(st.none(), st.floats(0.1, 100)),
    )
    def file(self, area, age_days, due_days, response):
        created = NOW - timedelta(days=age_days)
        report = make_report(
            self.session,
            self.kelurahan[area],
            created_at=created,
            due_at=created + timedelta(days=due_days) if due_days else None,
            first_response_at=created + timedelta(hours=response) if response else None,
            kota_id=self.city.kota.id,
        )
        self.reports.append(report)

    @rule(index=st.integers(0, 99), hours=st.floats(0.1, 300))
    def resolve(self, index, hours):
        report = self._pick(index)
        if report is not None and report.status not in DONE:
            report.status = status.RESOLVED
            report.resolved_at = report.created_at + timedelta(hours=hours)
            report.first_response_at = report.first_response_at or report.resolved_at

    @rule(index=st.integers(0, 99), rating=st.integers(1, 5))
    def close(self, index, rating):
        report = self._pick(index)
        if report is not None and report.status == status.RESOLVED:
            report.status, report.rating = status.CLOSED, rating

    @rule(index=st.integers(0, 99))
    def reopen(self, index):
        report = self._pick(index)
        if report is not None and report.status in DONE:
            report.status, report.resolved_at, report.rating = status.REOPENED, None, None
            self.session.add(StatusChange(report_id=report.id, to_status=status.REOPENED, action="reopen"))

    @rule(index=st.integers(0, 99))
    def reject(self, index):
        report = self._pick(index)
        if report is not None and report.status not in DONE:
            report.status = status.REJECTED

    @rule(index=st.integers(0, 99))
    def toggle_hidden(self, index):
        report = self._pick(index)
        if report is not None:
            report.hidden = not report.hidden

    @rule(index=st.integers(0, 99), area=st.integers(0, 2))
    def move(self, index, area):
        report = self._pick(index)
        if report is not None:
            self._place(report, self.kelurahan[area])

    @rule(index=st.integers(0, 99), days=st.integers(-3, 12))
    def change_deadline(self, index, days):
        report = self._pick(index)
        if report is not None:
            report.due_at = report.created_at + timedelta(days=days)

    @invariant()
    def totals_and_page_are_exact(self):
        self.session.commit()
        assert_totals_equal_a_recount(self.session)
        assert_page_equals_raw_rows(self.session, "kelurahan", None, None)
        assert_page_equals_raw_rows(self.session, "kecamatan", None, None)
        assert_page_equals_raw_rows(self.session, "kecamatan", self.city.kota.id, "kota")
        assert_page_equals_raw_rows(self.session, "kelurahan", self.city.kec_a.id, "kecamatan")
        assert_trend_equals_raw_rows(self.session)


def test_totals_follow_every_change(session, city):
    Figures.session, Figures.city = session, city
    run_state_machine_as_test(Figures, settings=RUNS)


def test_recount_repairs_what_bulk_updates_left_wrong(session, city):
    """Bulk UPDATEs bypass the running totals: the recount writes back every stored time and reopened flag
    that differs from the report's own columns (and leaves the rest as they are)."""
    created = NOW - timedelta(days=3)
    kept = make_report(session, city.kel_a1, created_at=created, first_response_at=created + timedelta(hours=5))
    done = make_report(
        session,
        city.kel_a2,
        status=status.RESOLVED,
        created_at=created,
        first_response_at=created + timedelta(hours=2),
        resolved_at=created + timedelta(hours=30),
    )
    session.add(StatusChange(report_id=done.id, to_status=status.REOPENED, action="reopen"))
    session.commit()
    table = Report.__table__
    session.execute(table.update().where(table.c.id == done.id).values(response_hours=99.0, resolution_hours=None))
    session.execute(table.update().where(table.c.id == done.id).values(reopened=False))
    session.execute(table.update().where(table.c.id == kept.id).values(reopened=True))
    session.commit()
    rebuild_figures(session)
    session.commit()
    session.expire_all()
    assert (kept.response_hours, kept.resolution_hours, kept.reopened) == (pytest.approx(5.0), None, False)
    assert (done.response_hours, done.resolution_hours, done.reopened) == (
        pytest.approx(2.0),
        pytest.approx(30.0),
        True,
    )
    assert_totals_equal_a_recount(session)


def _writer(url: str, report_ids: list[int], seed: int) -> None:
    """One worker's random changes, each in its own short transaction (as the app makes them)."""
    rng = random.Random(seed)
    engine = make_engine(url)
    for _ in range(25):
        with Session(engine) as session:
            report = session.get(Report, rng.choice(report_ids))
            action = rng.choice(("resolve", "reopen", "hide", "due", "respond", "move"))
            if action == "resolve" and report.status not in DONE:
                report.status = status.RESOLVED
                report.resolved_at = report.created_at + timedelta(hours=rng.uniform(1, 99))
            elif action == "reopen" and report.status in DONE:
                report.status, report.resolved_at = status.REOPENED, None
                session.add(StatusChange(report_id=report.id, to_status=status.REOPENED, action="reopen"))
            elif action == "hide":
                report.hidden = not report.hidden
            elif action == "due":
                report.due_at = report.created_at + timedelta(days=rng.randint(-2, 9))
            elif action == "move":
                report.latitude, report.longitude = rng.uniform(-6.3, -6.1), rng.uniform(106.7, 106.95)
            else:
                report.first_response_at = report.created_at + timedelta(hours=rng.uniform(0.1, 50))
            session.commit()
    engine.dispose()


def test_concurrent_writers_keep_the_totals_exact(any_session, any_migrated_url):
    city = build_city(any_session)
    ids = [
        make_report(any_session, kelurahan, kota_id=city.kota.id, due_at=NOW + timedelta(days=i % 5 - 2)).id
        for i, kelurahan in enumerate([city.kel_a1, city.kel_a2, city.kel_b1] * 4)
    ]
    threads = [threading.Thread(target=_writer, args=(any_migrated_url, ids, seed)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    any_session.expire_all()
    assert_totals_equal_a_recount(any_session)
    assert_page_equals_raw_rows(any_session, "kecamatan", None, None)
    assert_cells_equal_a_recount(any_session)
