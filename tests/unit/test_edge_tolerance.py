"""Near the edge is inside: a point just outside the polygons (a pier, a coastline drawn inland) is routed
to the nearest area, marked approximate for staff; farther out it is still refused with the clear message."""

from __future__ import annotations

import pytest
import shapely
from sqlmodel import Session, SQLModel, select

from pengaduan_app.config import BUNDLED_BOUNDARIES_DIR, get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.domain.submission import SubmissionError, UploadedPhoto, submit_report
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.geo.layers import jakarta_layers
from pengaduan_app.geo.loader import load_areas
from pengaduan_app.geo.router import AreaRouter, metres_between
from pengaduan_app.geo.service_area import MAINLAND_JAKARTA
from pengaduan_app.media import MediaStore
from pengaduan_app.models import Area
from tests.builders import good_draft, jpeg_bytes

# Tanjung Priok port: the coastline in the boundary files runs at -6.09591 on this meridian.
PIER = (-6.0955, 106.8850)  # about 45 m out on the pier
OUT_AT_SEA = (-6.0900, 106.8850)  # about 660 m out: beyond the default 300 m


@pytest.fixture(scope="module")
def areas(tmp_path_factory):

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('edge') / 't.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        load_areas(session, jakarta_layers(BUNDLED_BOUNDARIES_DIR))
        session.commit()
        yield session.exec(select(Area)).all()
    engine.dispose()


def test_default_tolerance_is_300_m():
    assert get_settings().edge_tolerance_m == 300


def test_the_pier_goes_to_the_nearest_kelurahan_marked_approximate(areas):
    router = AreaRouter(areas, edge_tolerance_m=300)
    by_id = {area.id: area for area in areas}
    route = router.route(*PIER)

    assert route is not None and route.approximate
    kelurahan = by_id[route.kelurahan_id]
    assert (by_id[route.kecamatan_id].name, kelurahan.name) == ("PADEMANGAN", "ANCOL")

    pier = shapely.Point(PIER[1], PIER[0])
    assert 20 < metres_between(pier, shapely.from_geojson(kelurahan.geometry)) < 80
    assert not router.route(-6.1754, 106.8272).approximate  # inside stays exact


def test_farther_out_is_outside_and_no_tolerance_means_none(areas):
    assert AreaRouter(areas, edge_tolerance_m=300).route(*OUT_AT_SEA) is None
    assert AreaRouter(areas, edge_tolerance_m=0).route(*PIER) is None
    assert AreaRouter(areas, edge_tolerance_m=1000).route(*OUT_AT_SEA).approximate


def test_the_tolerance_is_in_metres_both_ways(areas):
    """East-west degrees are shorter than north-south ones: 250 m due east of the last polygon is inside."""

    union = shapely.union_all([shapely.from_geojson(a.geometry) for a in areas if a.level == "kota"])
    east = union.bounds[2]
    lat = next(y for x, y in shapely.get_coordinates(union) if x == east)
    point = (lat, east + 250 / (111_320 * 0.99447))  # cos(-6.1°)
    assert AreaRouter(areas, edge_tolerance_m=300).route(*point) is not None
    assert AreaRouter(areas, edge_tolerance_m=200).route(*point) is None


def test_approximate_mode_extends_the_outline_by_the_tolerance(tmp_path):

    engine = make_engine(f"sqlite:///{tmp_path / 'f.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        ensure_fallback_areas(session)
        session.commit()
        fallback = session.exec(select(Area)).all()
    engine.dispose()
    west = MAINLAND_JAKARTA.bounds[0]
    lat = next(y for x, y in MAINLAND_JAKARTA.exterior.coords if x == west)
    just_out = (lat, west - 100 / 111_000)
    assert AreaRouter(fallback, edge_tolerance_m=300).route(*just_out) is not None
    assert AreaRouter(fallback, edge_tolerance_m=0).route(*just_out) is None


@pytest.fixture
def real_session(any_session):
    load_areas(any_session, jakarta_layers(BUNDLED_BOUNDARIES_DIR))
    any_session.commit()
    return any_session


def _submit(session, settings, lat, lon):
    draft = good_draft(latitude=lat, longitude=lon)
    photos = [UploadedPhoto("a.jpg", jpeg_bytes())]
    return submit_report(session, draft, photos, settings=settings, store=MediaStore(settings.media_dir))


def test_a_report_on_the_pier_is_filed_approximate_and_one_at_sea_is_refused(real_session, settings):
    report = _submit(real_session, settings, *PIER)
    assert report.routing_approximate and report.kelurahan_id is not None

    with pytest.raises(SubmissionError) as refused:
        _submit(real_session, settings, *OUT_AT_SEA)
    assert refused.value.errors["location"].code == "error.location_outside"
