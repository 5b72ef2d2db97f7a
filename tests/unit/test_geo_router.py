"""Point → area routing over the real Jakarta polygons, and the per-process router cache."""

from __future__ import annotations

import math

import pytest
import shapely
from sqlmodel import Session, SQLModel, select

from pengaduan_app.config import get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.geo.layers import jakarta_layers
from pengaduan_app.geo.loader import load_areas
from pengaduan_app.geo.router import AreaRouter, get_router
from pengaduan_app.models import Area


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    directory = get_settings().boundaries_dir
    if not directory.is_dir():
        pytest.skip(f"{directory}: Jakarta boundaries folder absent")
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('router') / 't.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        load_areas(session, jakarta_layers(directory))
        session.commit()
    return engine


@pytest.fixture(scope="module")
def router(engine):
    with Session(engine) as session:
        return AreaRouter.from_session(session)


def name_of(engine, area_id: int) -> str:
    with Session(engine) as session:
        return session.get(Area, area_id).name


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (-6.1754, 106.8272, ("JAKARTA PUSAT", "GAMBIR", "GAMBIR")),  # Monas
        (-6.3125, 106.8200, ("JAKARTA SELATAN", "PASAR MINGGU", "RAGUNAN")),  # Ragunan zoo
        (-6.2655, 106.8910, ("JAKARTA TIMUR", "MAKASAR", "HALIM PERDANA KUSUMA")),  # Halim airport
    ],
)
def test_landmarks_route_to_their_areas(engine, router, lat, lon, expected):
    route = router.route(lat, lon)

    assert route is not None
    assert not route.approximate
    assert tuple(name_of(engine, i) for i in (route.kota_id, route.kecamatan_id, route.kelurahan_id)) == expected


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(-6.05, 106.85), (-6.6, 106.8), (math.nan, 106.8), (-6.2, math.inf)],
    ids=["sea", "bogor", "nan", "inf"],
)
def test_points_outside_the_service_area_are_refused(router, lat, lon):
    assert router.route(lat, lon) is None


def test_point_on_a_shared_border_goes_to_the_lower_id(engine, router):
    with Session(engine) as session:
        kelurahan = session.exec(select(Area).where(Area.level == "kelurahan").order_by(Area.id)).all()
    shapes = {area.id: shapely.from_geojson(area.geometry) for area in kelurahan}
    first = kelurahan[0]
    vertices = shapely.get_coordinates(shapes[first.id].boundary)
    lon, lat, touching = next(
        (x, y, ids)
        for x, y in vertices
        if len(ids := [i for i, shape in shapes.items() if shape.intersects(shapely.Point(x, y))]) > 1
    )

    assert router.route(lat, lon).kelurahan_id == min(touching)


def test_routes_to_the_lowest_level_loaded(engine):
    with Session(engine) as session:
        without_kelurahan = [area for area in session.exec(select(Area)) if area.level != "kelurahan"]
    router = AreaRouter(without_kelurahan)

    route = router.route(-6.1754, 106.8272)
    assert router.area_count == 42
    assert route.kelurahan_id is None
    assert name_of(engine, route.kecamatan_id) == "GAMBIR"


def test_empty_table_routes_nothing():
    assert AreaRouter([]).route(-6.1754, 106.8272) is None


def square(name: str, x: float) -> Area:
    box = shapely.box(x, 0, x + 1, 1)
    return Area(level="kota", name=name, centroid_lat=0.5, centroid_lon=x + 0.5, geometry=shapely.to_geojson(box))


def test_cached_router_is_rebuilt_when_the_areas_change(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        session.add(square("SATU", 0))
        session.commit()
        cached = get_router(session)
        assert get_router(session) is cached
        assert cached.route(0.5, 1.5) is None

    with Session(engine) as elsewhere:  # another process would write like this, without invalidate_router()
        elsewhere.add(square("DUA", 1))
        elsewhere.commit()

    with Session(engine) as session:
        rebuilt = get_router(session, max_age=0)
        assert rebuilt is not cached
        assert rebuilt.route(0.5, 1.5) is not None
        assert get_router(session, max_age=0) is rebuilt
