"""The map's kept grid (domain.map_cells): after any sequence of changes it equals a full recount, and a
viewport read from it draws what grouping the matching reports in SQL draws."""

from __future__ import annotations

from dataclasses import replace

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlmodel import Session, select

from pengaduan_app.domain import map_query, privacy, status
from pengaduan_app.domain.map_cells import CELL_MAX_ZOOM, cell_size, rebuild_cells
from pengaduan_app.domain.map_query import ViewportQuery, map_view
from pengaduan_app.domain.public_reports import ReportFilter, filter_conditions
from pengaduan_app.domain.viewport import BBox
from pengaduan_app.models import Category, MapCell
from tests.builders import build_city, make_report

RUNS = hypothesis_settings(
    max_examples=10,
    stateful_step_count=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
JAKARTA = BBox(106.68, -6.38, 107.0, -6.08)


def cells(session: Session) -> dict:
    return {
        (c.zoom, c.gy, c.gx, c.status, c.category_id): (c.reports, c.sum_lat, c.sum_lon, c.sum_id)
        for c in session.exec(select(MapCell)).all()
        if c.reports or c.sum_id
    }


def assert_cells_equal_a_recount(session: Session) -> None:
    kept = cells(session)
    recount = session.begin_nested()
    rebuild_cells(session)
    counted = cells(session)
    recount.rollback()
    assert kept.keys() == counted.keys()
    for key, (reports, lat, lon, ids) in counted.items():
        assert kept[key][0] == reports and kept[key][3] == ids
        assert kept[key][1:3] == pytest.approx((lat, lon))


def assert_kept_grid_draws_like_sql(session: Session, zoom: int, bbox: BBox, filters: ReportFilter) -> None:
    """The same clusters (count and position) and points as grouping the matching reports in SQL."""
    kept = map_view(session, ViewportQuery(bbox, zoom, filters))
    cell = cell_size(zoom)
    rows = map_query._grid_rows(session, filter_conditions(replace(filters, bbox=map_query._snapped(bbox, cell))), cell)
    want = sorted((n, lat, lng) for _, _, n, lat, lng, _ in rows if n > 1)
    got = sorted((c[2], c[0], c[1]) for c in kept["clusters"])
    assert [n for n, _, _ in got] == [n for n, _, _ in want]
    flat = [value for _, lat, lng in got for value in (lat, lng)]
    assert flat == pytest.approx([value for _, lat, lng in want for value in (lat, lng)], abs=2e-5)
    single = sorted(first for _, _, n, _, _, first in rows if n == 1)
    codes = {p[0] for p in kept["points"]}
    assert len(codes) == len(single)


class Grid(RuleBasedStateMachine):
    """Bound to a database and city by `test_the_kept_grid_follows_every_change`."""

    session = city = None

    @initialize()
    def start(self):
        self.reports = []
        self.categories = [c.id for c in self.session.exec(select(Category)).all()][:3]

    def _pick(self, index):
        return self.reports[index % len(self.reports)] if self.reports else None

    @rule(lat=st.floats(-6.35, -6.1), lng=st.floats(106.7, 106.98), category=st.integers(0, 2))
    def file(self, lat, lng, category):
        report = make_report(
            self.session,
            self.city.kel_a1,
            latitude=lat,
            longitude=lng,
            category_id=self.categories[category],
            privacy=privacy.PUBLIC,
        )
        self.reports.append(report)

    @rule(index=st.integers(0, 99), lat=st.floats(-6.35, -6.1), lng=st.floats(106.7, 106.98))
    def move(self, index, lat, lng):
        if (report := self._pick(index)) is not None:
            report.latitude, report.longitude = lat, lng

    @rule(index=st.integers(0, 99), state=st.sampled_from(status.STATUSES))
    def change_status(self, index, state):
        if (report := self._pick(index)) is not None:
            report.status = state

    @rule(index=st.integers(0, 99), category=st.integers(0, 2))
    def change_category(self, index, category):
        if (report := self._pick(index)) is not None:
            report.category_id = self.categories[category]

    @rule(index=st.integers(0, 99))
    def toggle_hidden(self, index):
        if (report := self._pick(index)) is not None:
            report.hidden = not report.hidden

    @rule(index=st.integers(0, 99), choice=st.sampled_from(privacy.PRIVACY_CHOICES))
    def change_privacy(self, index, choice):
        if (report := self._pick(index)) is not None:
            report.privacy = choice

    @invariant()
    def grid_is_exact(self):
        self.session.commit()
        assert_cells_equal_a_recount(self.session)
        category = self.session.get(Category, self.categories[0]).code
        for zoom in (9, 11, CELL_MAX_ZOOM):
            for filters in (ReportFilter(), ReportFilter(status="waiting"), ReportFilter(category=category)):
                assert_kept_grid_draws_like_sql(self.session, zoom, JAKARTA, filters)


def test_the_kept_grid_follows_every_change(session):
    map_query.city_cells.clear()
    Grid.session, Grid.city = session, build_city(session)
    run_state_machine_as_test(Grid, settings=RUNS)


def test_an_area_filter_is_grouped_in_sql_from_the_reports(session):
    """The kept grid does not separate areas: such a view counts only the area's reports."""
    city = build_city(session)
    make_report(session, city.kel_a1, latitude=-6.2, longitude=106.8)
    make_report(session, city.kel_b1, latitude=-6.2001, longitude=106.8001)
    map_query.city_cells.clear()
    everyone = map_view(session, ViewportQuery(JAKARTA, 11, ReportFilter()))
    one_area = map_view(session, ViewportQuery(JAKARTA, 11, ReportFilter(kelurahan_id=city.kel_a1.id)))
    assert [c[2] for c in everyone["clusters"]] == [2] and everyone["points"] == []
    assert one_area["clusters"] == [] and len(one_area["points"]) == 1
