"""The performance figures against a crafted data set, and recomputed from the raw rows."""

import statistics
from datetime import timedelta

import pytest
from sqlmodel import select

from pengaduan_app.domain import status
from pengaduan_app.domain.performance import PRIOR_WEIGHT, area_performance, weekly_trend
from pengaduan_app.models import Report, StatusChange
from pengaduan_app.models.types import utcnow
from tests.builders import build_city, make_report

NOW = utcnow()


@pytest.fixture
def session(any_session):
    """These figures are computed in SQL: every test runs on SQLite and on PostgreSQL."""
    return any_session


@pytest.fixture
def city(session):
    return build_city(session)


def _report(session, kelurahan, *, age_days, due_in_days, resolved_after_hours=None, response_after_hours=None):
    created = NOW - timedelta(days=age_days)
    report = make_report(
        session,
        kelurahan,
        status=status.RESOLVED if resolved_after_hours is not None else status.VERIFIED,
        created_at=created,
        due_at=created + timedelta(days=due_in_days),
        resolved_at=created + timedelta(hours=resolved_after_hours) if resolved_after_hours is not None else None,
        first_response_at=created + timedelta(hours=response_after_hours) if response_after_hours is not None else None,
    )
    return report


def test_a_small_perfect_area_does_not_outrank_a_large_good_one(session, city):
    # Alfa Satu: 3 reports, all on time. Beta Satu: 40 reports, 36 on time (90 %).
    for _ in range(3):
        _report(session, city.kel_a1, age_days=10, due_in_days=3, resolved_after_hours=10)
    for i in range(40):
        late = i < 4
        _report(session, city.kel_b1, age_days=10, due_in_days=3, resolved_after_hours=100 if late else 10)
    # Alfa Dua: 30 reports, 15 on time (50 %): drags the city average down.
    for i in range(30):
        _report(session, city.kel_a2, age_days=10, due_in_days=3, resolved_after_hours=100 if i % 2 else 10)
    total, lines = area_performance(session, "kelurahan", now=NOW)
    by_name = {line.name: line for line in lines}
    assert by_name["Alfa Satu"].share_within_sla == 1.0
    assert by_name["Beta Satu"].share_within_sla == 0.9
    assert [line.name for line in lines] == ["Beta Satu", "Alfa Satu", "Alfa Dua"]
    city_share = (3 + 36 + 15) / 73
    assert total.share_within_sla == pytest.approx(city_share)
    expected = (3 + PRIOR_WEIGHT * city_share) / (3 + PRIOR_WEIGHT)
    assert by_name["Alfa Satu"].fair_score == pytest.approx(expected)


def test_open_reports_count_against_the_sla_only_once_past_their_deadline(session, city):
    _report(session, city.kel_a1, age_days=1, due_in_days=3)  # open, not yet due: not counted
    _report(session, city.kel_a1, age_days=5, due_in_days=3)  # open and overdue: counted, not within
    total, _ = area_performance(session, "kelurahan", now=NOW)
    assert (total.eligible, total.share_within_sla) == (1, 0.0)


def test_numbers_match_a_recomputation_from_the_raw_rows(session, city):
    import random

    rng = random.Random(7)
    for i in range(60):
        resolved = rng.random() < 0.6
        report = _report(
            session,
            rng.choice([city.kel_a1, city.kel_a2, city.kel_b1]),
            age_days=rng.uniform(0, 30),
            due_in_days=rng.choice([3, 5]),
            resolved_after_hours=rng.uniform(1, 200) if resolved else None,
            response_after_hours=rng.uniform(0.5, 48) if rng.random() < 0.8 else None,
        )
        if resolved and i % 7 == 0:
            session.add(StatusChange(report_id=report.id, to_status=status.REOPENED, action="reopen"))
    session.commit()

    total, lines = area_performance(session, "kecamatan", now=NOW)
    reports = session.exec(select(Report)).all()
    reopened = set(session.exec(select(StatusChange.report_id).where(StatusChange.action == "reopen")).all())
    for line in [total, *lines]:
        mine = [r for r in reports if line.area_id is None or r.kecamatan_id == line.area_id]
        done = [r for r in mine if r.status in (status.RESOLVED, status.CLOSED)]
        eligible = [r for r in mine if r in done or r.due_at < NOW]
        within = [r for r in done if r.resolved_at <= r.due_at]
        responses = [(r.first_response_at - r.created_at).total_seconds() / 3600 for r in mine if r.first_response_at]
        resolutions = [(r.resolved_at - r.created_at).total_seconds() / 3600 for r in done]
        assert line.received == len(mine)
        assert line.share_resolved == pytest.approx(len(done) / len(mine))
        assert line.share_within_sla == pytest.approx(len(within) / len(eligible))
        assert line.median_response_hours == pytest.approx(statistics.median(responses))
        assert line.median_resolution_hours == pytest.approx(statistics.median(resolutions))
        ever = [r for r in mine if r in done or r.id in reopened]
        assert line.reopen_rate == pytest.approx(len([r for r in ever if r.id in reopened]) / len(ever))
    assert sum(line.received for line in lines) == total.received == 60


def test_weekly_trend_counts_received_and_resolved(session, city):
    _report(session, city.kel_a1, age_days=0, due_in_days=3, resolved_after_hours=0.5)
    _report(session, city.kel_a1, age_days=0, due_in_days=3)
    weeks = weekly_trend(session, weeks=4, now=NOW)
    assert len(weeks) == 4
    assert sum(w.received for w in weeks) == 2 and sum(w.resolved for w in weeks) == 1


def test_the_public_page_figures_are_cached_for_a_while(session, city):
    from pengaduan_app.domain.performance import dashboard_figures

    _report(session, city.kel_a1, age_days=1, due_in_days=3)
    first, _, _ = dashboard_figures(session, "kelurahan", max_age=60)
    _report(session, city.kel_a1, age_days=1, due_in_days=3)
    assert dashboard_figures(session, "kelurahan", max_age=60)[0].received == first.received == 1
    assert dashboard_figures(session, "kelurahan", max_age=0)[0].received == 2


def test_medians_of_one_two_and_three_reports(session, city):
    """The SQL median takes the middle row, or the mean of the two middle rows."""
    for hours in (10,):
        _report(session, city.kel_a1, age_days=3, due_in_days=5, resolved_after_hours=hours)
    for hours in (4, 8):
        _report(session, city.kel_a2, age_days=3, due_in_days=5, resolved_after_hours=hours)
    for hours in (30, 1, 2):
        _report(session, city.kel_b1, age_days=3, due_in_days=5, resolved_after_hours=hours)
    total, lines = area_performance(session, "kelurahan", now=NOW)
    medians = {line.area_id: line.median_resolution_hours for line in lines}
    assert medians == pytest.approx({city.kel_a1.id: 10, city.kel_a2.id: 6, city.kel_b1.id: 2})
    assert total.median_resolution_hours == pytest.approx(6)  # 1 2 4 8 10 30
    assert total.median_response_hours is None
