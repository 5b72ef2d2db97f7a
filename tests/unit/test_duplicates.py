"""Already reported? Open public reports of the same category within the radius, nearest first."""

from __future__ import annotations

import pytest

from pengaduan_app.domain.duplicates import box_around, haversine_m, nearby_open_reports
from tests.builders import add_report

HERE = (-6.1754, 106.8272)
METRE_LAT = 1 / 111_195  # degrees of latitude per metre


def _north(metres: float) -> dict:
    return {"latitude": HERE[0] + metres * METRE_LAT, "longitude": HERE[1]}


def test_haversine_and_box():
    assert haversine_m(HERE, HERE) == 0
    assert haversine_m(HERE, (HERE[0] + 100 * METRE_LAT, HERE[1])) == pytest.approx(100, rel=1e-3)
    # Monas to Bundaran HI is about 2.3 km.
    assert haversine_m(HERE, (-6.1950, 106.8230)) == pytest.approx(2220, rel=0.05)
    box = box_around(*HERE, 200)
    assert box.south < HERE[0] < box.north and box.west < HERE[1] < box.east
    assert haversine_m(HERE, (box.north, HERE[1])) == pytest.approx(200, rel=1e-3)
    assert haversine_m(HERE, (HERE[0], box.east)) == pytest.approx(200, rel=1e-3)


def test_only_open_public_same_category_within_the_radius(any_session):
    near = add_report(any_session, title="Dekat", **_north(50))
    nearer = add_report(any_session, title="Lebih dekat", **_north(10))
    add_report(any_session, title="Jauh", **_north(260))
    add_report(any_session, title="Lain kategori", category="banjir", **_north(5))
    add_report(any_session, title="Selesai", status="resolved", **_north(5))
    add_report(any_session, title="Ditolak", status="rejected", **_north(5))
    add_report(any_session, title="Rahasia", privacy="confidential", **_north(5))
    # In the bounding box's corner but farther than 200 m.
    add_report(any_session, title="Pojok", latitude=HERE[0] + 190 * METRE_LAT, longitude=HERE[1] + 0.0017)
    working = add_report(any_session, title="Dikerjakan", status="in_progress", **_north(120))

    found = nearby_open_reports(any_session, "jalan_rusak", *HERE, 200)
    assert [n.summary.tracking_code for n in found] == [nearer.tracking_code, near.tracking_code, working.tracking_code]
    assert [round(n.distance_m) for n in found] == [10, 50, 120]
    assert nearby_open_reports(any_session, "sampah", *HERE, 200) == []
    assert len(nearby_open_reports(any_session, "jalan_rusak", *HERE, 200, limit=2)) == 2
