"""Working without boundary files: approximate areas, then real files replacing them, and re-routing."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, col, select

from pengaduan_app.config import get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.geo.layers import jakarta_layers
from pengaduan_app.geo.loader import load_areas
from pengaduan_app.geo.reroute import apply_route, reroute_reports
from pengaduan_app.geo.router import get_router
from pengaduan_app.models import Area, Category, Report

MONAS = (-6.1754, 106.8272)
JAVA_SEA = (-6.05, 106.85)
SEQUENCE = itertools.count(1)


@pytest.fixture
def fallback_db(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        ensure_fallback_areas(session)
        session.commit()
        yield session


def jakarta_dir() -> Path:
    directory = get_settings().boundaries_dir
    if not directory.is_dir():
        pytest.skip(f"{directory}: Jakarta boundaries folder absent")
    return directory


def new_report(session: Session, lat: float, lon: float) -> Report:
    category = session.exec(select(Category)).first()
    if category is None:
        category = Category(code="jalan_rusak", name_id="Jalan rusak", name_en="Damaged road")
        session.add(category)
        session.flush()
    report = Report(
        tracking_code=f"JKT-2611-{next(SEQUENCE):05d}",
        title="Jalan berlubang",
        description="Lubang besar di tengah jalan",
        category_id=category.id,
        latitude=lat,
        longitude=lon,
    )
    apply_route(report, get_router(session).route(lat, lon))
    session.add(report)
    session.commit()
    return report


def name_of(session: Session, area_id: int | None) -> str | None:
    return session.get(Area, area_id).name if area_id else None


def test_empty_table_gets_five_kota_and_their_42_kecamatan(fallback_db):
    areas = fallback_db.exec(select(Area)).all()
    kota = {area.id: area for area in areas if area.level == "kota"}
    kecamatan = [area for area in areas if area.level == "kecamatan"]

    assert len(kota) == 5
    assert len(kecamatan) == 42
    assert all(area.approximate and area.geometry is None for area in areas)
    assert all(area.parent_id in kota for area in kecamatan)
    assert ensure_fallback_areas(fallback_db) == 0


def test_monas_routes_approximately_to_central_jakarta(fallback_db):
    route = get_router(fallback_db).route(*MONAS)

    assert route.approximate
    assert route.kelurahan_id is None
    assert name_of(fallback_db, route.kota_id) == "Jakarta Pusat"
    assert name_of(fallback_db, route.kecamatan_id) in {"Gambir", "Menteng", "Sawah Besar", "Senen", "Tanah Abang"}


@pytest.mark.parametrize(("lat", "lon"), [JAVA_SEA, (-6.6, 106.8)], ids=["sea", "bogor"])
def test_built_in_outline_refuses_points_outside_mainland_jakarta(fallback_db, lat, lon):
    assert get_router(fallback_db).route(lat, lon) is None


def test_real_boundaries_replace_approximate_areas_and_reports_follow(fallback_db):
    directory = jakarta_dir()
    report = new_report(fallback_db, *MONAS)
    assert report.routing_approximate
    assert get_router(fallback_db).approximate

    result = load_areas(fallback_db, jakarta_layers(directory))
    fallback_db.commit()

    assert result.areas_retired == 47
    assert result.reports_rerouted == 1
    assert fallback_db.exec(select(Area).where(col(Area.approximate))).all() == []
    fallback_db.refresh(report)
    assert not report.routing_approximate
    assert [name_of(fallback_db, i) for i in (report.kota_id, report.kecamatan_id, report.kelurahan_id)] == [
        "JAKARTA PUSAT",
        "GAMBIR",
        "GAMBIR",
    ]
    assert not get_router(fallback_db).approximate  # the cache saw the load at once


def test_reroute_by_default_leaves_reports_placed_in_real_areas(fallback_db):
    load_areas(fallback_db, jakarta_layers(jakarta_dir()))
    fallback_db.commit()
    report = new_report(fallback_db, *MONAS)
    gambir = report.kecamatan_id
    report.kecamatan_id = fallback_db.exec(select(Area.id).where(Area.name == "MENTENG")).first()  # moved by staff
    fallback_db.commit()

    assert reroute_reports(fallback_db) == 0
    assert reroute_reports(fallback_db, only_unrouted_or_approximate=False) == 1
    assert report.kecamatan_id == gambir


def test_reroute_clears_areas_of_a_report_outside_the_service_area(fallback_db):
    report = new_report(fallback_db, *MONAS)
    report.latitude, report.longitude = JAVA_SEA
    fallback_db.commit()

    assert reroute_reports(fallback_db) == 1
    assert (report.kota_id, report.kecamatan_id, report.kelurahan_id, report.routing_approximate) == (
        None,
        None,
        None,
        False,
    )
