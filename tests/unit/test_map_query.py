"""The public map's data: strict parameters, grid clusters in SQL, filters, nothing private."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime

import pytest

from pengaduan_app.domain import map_query
from pengaduan_app.domain.map_query import (
    MAX_POINTS,
    POINTS_ZOOM,
    QueryError,
    ViewportQuery,
    cell_size,
    map_view,
    parse_viewport,
    sketch_view,
)
from pengaduan_app.domain.public_reports import ReportFilter, parse_filter, read_filter
from pengaduan_app.domain.viewport import BBox
from tests.builders import add_report

JAKARTA = "106.6,-6.4,107.0,-6.05"
CITY = BBox(106.6, -6.4, 107.0, -6.05)


@pytest.fixture(autouse=True, params=["cached", "uncached"])
def cache(request, monkeypatch):
    """Every map test runs with the low-zoom cell cache and without it: both must give the same answer."""
    map_query.city_cells.clear()
    if request.param == "uncached":
        monkeypatch.setattr(map_query, "CACHE_MAX_ZOOM", -1)
    yield request.param
    map_query.city_cells.clear()


def _view(session, zoom: int, bbox: BBox = CITY, **filters) -> dict:
    return map_view(session, ViewportQuery(bbox, zoom, parse_filter(filters)))


def _total(view: dict) -> int:
    return sum(c[2] for c in view["clusters"]) + len(view["points"])


def test_a_good_request_is_read():
    query = parse_viewport(
        {"bbox": JAKARTA, "zoom": "12", "status": "done", "category": "banjir", "from": "2026-11-01"}
    )
    assert query.bbox == CITY and query.zoom == 12
    assert query.filters.status == "done" and query.filters.category == "banjir"
    assert query.filters.created_from == datetime(2026, 10, 31, 17, 0, tzinfo=UTC)  # midnight in Jakarta


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"zoom": "12"}, "bbox"),
        ({"bbox": JAKARTA}, "zoom"),
        ({"bbox": "1,2,3", "zoom": "12"}, "bbox"),
        ({"bbox": "a,b,c,d", "zoom": "12"}, "bbox"),
        ({"bbox": "nan,-6.4,107,-6.05", "zoom": "12"}, "bbox"),
        ({"bbox": "107,-6.4,106.6,-6.05", "zoom": "12"}, "bbox"),
        ({"bbox": "106,-95,107,-6", "zoom": "12"}, "bbox"),
        ({"bbox": "-170,-80,170,80", "zoom": "3"}, "bbox"),
        ({"bbox": "100,-12,110,-1", "zoom": "17"}, "bbox"),
        ({"bbox": JAKARTA, "zoom": "-1"}, "zoom"),
        ({"bbox": JAKARTA, "zoom": "12.5"}, "zoom"),
        ({"bbox": JAKARTA, "zoom": "99"}, "zoom"),
        ({"bbox": JAKARTA, "zoom": "１２"}, "zoom"),
        ({"bbox": JAKARTA, "zoom": "12", "status": "open"}, "status"),
        ({"bbox": JAKARTA, "zoom": "12", "category": "'; drop table report; --"}, "category"),
        ({"bbox": JAKARTA, "zoom": "12", "kota": "-1"}, "kota"),
        ({"bbox": JAKARTA, "zoom": "12", "kecamatan": "9" * 40}, "kecamatan"),
        ({"bbox": JAKARTA, "zoom": "12", "from": "2026-13-01"}, "from"),
        ({"bbox": JAKARTA, "zoom": "12", "to": "27/11/2026"}, "to"),
        ({"bbox": JAKARTA, "zoom": "12", "from": "2026-11-20", "to": "2026-11-01"}, "to"),
        ({"bbox": JAKARTA, "zoom": "12", "evil": "1"}, "evil"),
    ],
)
def test_malformed_requests_name_the_parameter(params, bad):
    with pytest.raises(QueryError) as refused:
        parse_viewport(params)
    assert bad in refused.value.problems


def test_pages_drop_what_the_api_refuses():
    filters, problems = read_filter({"status": "open", "kota": "7", "from": "nope", "category": 5})
    assert filters == ReportFilter(kota_id=7)
    assert set(problems) == {"status", "from", "category"}


def test_cell_size_halves_with_each_zoom_level():
    assert cell_size(11) == pytest.approx(0.0439453125)
    assert cell_size(12) == cell_size(11) / 2


def test_clusters_count_every_visible_report_once(any_session):
    rng = random.Random(5)
    for _ in range(60):
        add_report(any_session, latitude=rng.uniform(-6.3, -6.1), longitude=rng.uniform(106.7, 106.95))
    add_report(any_session, privacy="confidential", title="Rahasia")
    lone = add_report(any_session, latitude=-6.38, longitude=106.62, title="Sendirian di pojok")
    for zoom in (9, 11, 13, 15):
        view = _view(any_session, zoom)
        assert _total(view) == 61, zoom
        assert all(c[2] > 1 for c in view["clusters"])
    city = _view(any_session, 11)
    assert [lone.tracking_code, -6.38, 106.62, "waiting", "Sendirian di pojok"] in city["points"]
    assert "Rahasia" not in str(city)


def test_a_cluster_sits_at_the_mean_of_its_reports(any_session):
    add_report(any_session, latitude=-6.2001, longitude=106.8001)
    add_report(any_session, latitude=-6.2003, longitude=106.8003)
    [cluster] = _view(any_session, 11)["clusters"]
    assert cluster == [-6.2002, 106.8002, 2]


def test_edge_cells_are_whole_so_panning_does_not_change_a_cluster(any_session):
    cell = cell_size(11)
    west, south = (math.floor((106.8 + 180) / cell) * cell - 180, math.floor((-6.2 + 90) / cell) * cell - 90)
    for i in range(1, 5):  # a diagonal inside one cell
        add_report(any_session, latitude=south + i * cell / 5, longitude=west + i * cell / 5)
    centre = [round(south + cell / 2, 5), round(west + cell / 2, 5), 4]
    assert _view(any_session, 11)["clusters"] == [centre]
    # A box that cuts through the cell (holding only half the reports) still shows the whole cluster.
    cut = BBox(west + cell / 2, south - 0.1, west + 0.2, south + 0.1)
    assert _view(any_session, 11, cut)["clusters"] == [centre]


def test_high_zoom_gives_points_only_and_a_limit(session):
    for i in range(MAX_POINTS + 3):
        add_report(session, latitude=-6.2 + i * 1e-6, longitude=106.8)
    view = _view(session, POINTS_ZOOM, BBox(106.79, -6.21, 106.81, -6.19))
    assert view["clusters"] == [] and len(view["points"]) == MAX_POINTS and view["truncated"]


def test_filters_apply_on_the_map(any_session):
    add_report(any_session, category="banjir", status="resolved", created_at=datetime(2026, 10, 5, 2, tzinfo=UTC))
    add_report(any_session, category="sampah", created_at=datetime(2026, 11, 5, 2, tzinfo=UTC))
    # 20:00 UTC on 5 November is already 6 November in Jakarta.
    add_report(any_session, category="sampah", created_at=datetime(2026, 11, 5, 20, tzinfo=UTC), latitude=-6.3)
    assert _total(_view(any_session, 11, category="banjir")) == 1
    assert _total(_view(any_session, 11, status="done")) == 1
    assert _total(_view(any_session, 11, status="waiting")) == 2
    assert _total(_view(any_session, 11, **{"from": "2026-11-01"})) == 2
    assert _total(_view(any_session, 11, **{"from": "2026-11-01", "to": "2026-11-05"})) == 1
    assert _total(_view(any_session, 11, **{"to": "2026-10-31"})) == 1
    assert _total(_view(any_session, 11, BBox(106.0, -6.25, 107.0, -6.0))) == 2


def test_a_report_hidden_since_the_cells_were_kept_leaves_the_map_at_once(session, cache):
    lone = add_report(session, latitude=-6.38, longitude=106.62, title="Segera disembunyikan")
    assert lone.tracking_code in str(_view(session, 11))
    lone.privacy = "confidential"
    session.add(lone)
    session.commit()
    assert lone.tracking_code not in str(_view(session, 11))


def test_a_box_around_a_point_is_what_a_map_of_that_size_shows():
    assert BBox.around((0.0, 0.0), 0, 256, 256) == pytest.approx((-180, -85.0511287798, 180, 85.0511287798))
    box = BBox.around((-6.2, 106.83), 11, 1280, 800)
    degrees_per_pixel = 360 / (256 * 2**11)
    assert box.east - box.west == pytest.approx(1280 * degrees_per_pixel)
    assert (box.west + box.east) / 2 == pytest.approx(106.83)
    # Mercator: near the equator a pixel north spans almost what a pixel east does, and the centre stays inside
    assert box.north - box.south == pytest.approx(800 * degrees_per_pixel * math.cos(math.radians(6.2)), rel=1e-3)
    assert box.south < -6.2 < box.north
    assert BBox.around((85.0, 179.9), 9, 1600, 1000).north == pytest.approx(85.0511287798)


def test_the_sketch_is_the_first_views_clusters_and_pins_as_numbers(any_session):
    rng = random.Random(5)
    for _ in range(30):
        add_report(any_session, latitude=rng.uniform(-6.3, -6.1), longitude=rng.uniform(106.7, 106.95))
    add_report(any_session, title="Rahasia", privacy="confidential", latitude=-6.2, longitude=106.83)
    lonely = add_report(any_session, title="Sendiri", status="resolved", latitude=-6.05, longitude=106.6)
    any_session.commit()
    sketch = sketch_view(any_session, (-6.2, 106.83), 11, ReportFilter())
    view = _view(any_session, 11, BBox.around((-6.2, 106.83), 11, *map_query.SKETCH_PIXELS))
    assert sketch["clusters"] == view["clusters"]
    assert sketch["points"] == [[lat, lng, status] for _, lat, lng, status, _ in view["points"]]
    assert sum(c[2] for c in sketch["clusters"]) + len(sketch["points"]) == 31
    assert [lonely.latitude, lonely.longitude, "done"] in sketch["points"]
    done_only = sketch_view(any_session, (-6.2, 106.83), 11, parse_filter({"status": "done"}))
    assert done_only == {"clusters": [], "points": [[lonely.latitude, lonely.longitude, "done"]]}
