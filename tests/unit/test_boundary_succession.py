"""Loading boundaries over a running city: officers, reports, hand-overs and follows move to the new areas.

On SQLite and PostgreSQL (migrated schemas, foreign keys enforced), as a city would meet it: it started
on the approximate areas, then loads real boundaries; later a new version of them.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, select

from pengaduan_app.config import BUNDLED_BOUNDARIES_DIR
from pengaduan_app.domain import permissions
from pengaduan_app.domain.accounts import create_staff, identity_of
from pengaduan_app.domain.handling import hand_over
from pengaduan_app.domain.notifications import follow
from pengaduan_app.domain.permissions import can_handle
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.geo.geojson import AreaLoadError
from pengaduan_app.geo.layers import jakarta_layers
from pengaduan_app.geo.loader import load_areas
from pengaduan_app.geo.reroute import apply_route
from pengaduan_app.geo.router import get_router
from pengaduan_app.geo.succession import area_references
from pengaduan_app.models import Area, Follow, Report, StaffArea, StatusChange
from tests.builders import add_report

MONAS = (-6.1754, 106.8272)
PASAR_BARU = (-6.1702, 106.8311)  # Istiqlal


def area_named(session: Session, level: str, name: str) -> Area:
    return session.exec(select(Area).where(Area.level == level, Area.name == name)).one()


def name_of(session: Session, area_id: int | None) -> str | None:
    return session.get(Area, area_id).name if area_id is not None else None


def routed_report(session: Session, lat: float, lon: float) -> Report:
    report = add_report(session, latitude=lat, longitude=lon)
    apply_route(report, get_router(session).route(lat, lon))
    session.commit()
    return report


def officer(session: Session, username: str, role: str, area: Area):
    user = create_staff(
        session, username=username, display_name=username, password="rahasia-petugas-1", role=role, area_ids=[area.id]
    )
    session.commit()
    return user


def snapshot(session: Session) -> dict:
    session.expire_all()
    return {
        "areas": sorted((a.id, a.level, a.name, a.parent_id) for a in session.exec(select(Area))),
        "staff": sorted((s.user_id, s.area_id) for s in session.exec(select(StaffArea))),
        "reports": sorted(
            (r.id, r.kota_id, r.kecamatan_id, r.kelurahan_id, r.unit_area_id) for r in session.exec(select(Report))
        ),
    }


def test_every_area_key_in_the_schema_is_known():
    """If a new model points at areas, the load moves it too; this lists what exists today."""
    found = {f"{column.table.name}.{column.name}" for column in area_references()}
    assert found == {
        "area.parent_id",
        "report.kota_id",
        "report.kecamatan_id",
        "report.kelurahan_id",
        "report.unit_area_id",
        "staff_area.area_id",
    }


def test_real_boundaries_over_a_running_approximate_city(any_session):
    session = any_session
    ensure_fallback_areas(session)
    session.commit()
    gambir, tebet = area_named(session, "kecamatan", "Gambir"), area_named(session, "kecamatan", "Tebet")
    camat_gambir = officer(session, "camat.gambir", permissions.KECAMATAN, gambir)
    camat_tebet = officer(session, "camat.tebet", permissions.KECAMATAN, tebet)
    also_gambir = create_staff(
        session, username="dua", display_name="dua", password="rahasia-petugas-1", role=permissions.KECAMATAN,
        area_ids=[gambir.id, tebet.id],
    )  # fmt: skip
    session.commit()
    stays = routed_report(session, *MONAS)
    handed = routed_report(session, *MONAS)
    gambir_office = identity_of(session, camat_gambir)
    hand_over(session, gambir_office, handed.tracking_code, reason="wilayah Tebet", area_id=tebet.id)
    session.commit()
    follow(session, stays.tracking_code, "v:pengikut-satu")
    follow(session, handed.tracking_code, "v:pengikut-satu")
    session.commit()
    steps_before = sorted((s.report_id, s.action, s.note) for s in session.exec(select(StatusChange)))
    assert stays.routing_approximate and stays.kelurahan_id is None

    result = load_areas(session, jakarta_layers(BUNDLED_BOUNDARIES_DIR))
    session.commit()
    session.expire_all()

    assert result.areas_retired == 47
    assert session.exec(select(Area).where(Area.approximate)).all() == []
    real_gambir, real_tebet = area_named(session, "kecamatan", "GAMBIR"), area_named(session, "kecamatan", "TEBET")
    assert {(s.user_id, s.area_id) for s in session.exec(select(StaffArea))} == {
        (camat_gambir.id, real_gambir.id),
        (camat_tebet.id, real_tebet.id),
        (also_gambir.id, real_gambir.id),
        (also_gambir.id, real_tebet.id),
    }
    for report in (stays, handed):
        session.refresh(report)
        assert not report.routing_approximate
        assert [name_of(session, i) for i in (report.kota_id, report.kecamatan_id, report.kelurahan_id)] == [
            "JAKARTA PUSAT", "GAMBIR", "GAMBIR",
        ]  # fmt: skip
    assert name_of(session, stays.unit_area_id) == "GAMBIR" and session.get(Area, stays.unit_area_id).level == (
        "kelurahan"
    )  # still with its place: follows it down to the kelurahan
    assert handed.unit_area_id == real_tebet.id  # the hand-over holds
    assert can_handle(session, identity_of(session, camat_tebet), handed)
    assert not can_handle(session, identity_of(session, camat_gambir), handed)
    assert len(session.exec(select(Follow)).all()) == 2
    assert sorted((s.report_id, s.action, s.note) for s in session.exec(select(StatusChange))) == steps_before


def new_version(tmp_path: Path, rename: dict[str, str]) -> Path:
    """The bundled files with some kelurahan renamed (as a new survey might)."""
    for level in ("kota", "kecamatan"):
        shutil.copy(BUNDLED_BOUNDARIES_DIR / f"{level}.geojson.gz", tmp_path / f"{level}.geojson.gz")
    data = json.loads(gzip.decompress((BUNDLED_BOUNDARIES_DIR / "kelurahan.geojson.gz").read_bytes()))
    for feature in data["features"]:
        name = feature["properties"]["kelurahan"]
        feature["properties"]["kelurahan"] = rename.get(name, name)
    (tmp_path / "kelurahan.geojson").write_text(json.dumps(data))
    return tmp_path


@pytest.fixture
def real_city(any_session):
    load_areas(any_session, jakarta_layers(BUNDLED_BOUNDARIES_DIR))
    any_session.commit()
    return any_session


def test_a_new_version_that_drops_an_area_in_use_is_refused_by_name(real_city, tmp_path):
    session = real_city
    report = routed_report(session, *PASAR_BARU)
    officer(session, "lurah.gambir", permissions.KELURAHAN, area_named(session, "kelurahan", "GAMBIR"))
    before = snapshot(session)

    with pytest.raises(AreaLoadError) as refused:
        load_areas(session, jakarta_layers(new_version(tmp_path, {"PASAR BARU": "PASAR BARU LAMA", "GAMBIR": "GMB"})))
    session.rollback()

    message = str(refused.value)
    assert 'kelurahan "Pasar Baru" (Jakarta Pusat / Sawah Besar): 1 × report.kelurahan_id, 1 × report.unit_area_id' in (
        message
    )
    assert 'kelurahan "Gambir" (Jakarta Pusat / Gambir): 1 × staff_area.area_id' in message
    assert snapshot(session) == before
    assert name_of(session, session.get(Report, report.id).kelurahan_id) == "PASAR BARU"


def test_a_new_version_retires_unused_areas_and_keeps_the_rest(real_city, tmp_path):
    session = real_city
    report = routed_report(session, *MONAS)
    kept_ids = {a.name: a.id for a in session.exec(select(Area).where(Area.level == "kelurahan"))}

    result = load_areas(session, jakarta_layers(new_version(tmp_path, {"PASAR BARU": "PASAR BARU LAMA"})))
    session.commit()
    session.expire_all()

    assert (result.areas_retired, result.levels["kelurahan"].created, result.references_moved) == (1, 1, 0)
    after = {a.name: a.id for a in session.exec(select(Area).where(Area.level == "kelurahan"))}
    assert "PASAR BARU" not in after and "PASAR BARU LAMA" in after
    assert all(after[name] == area_id for name, area_id in kept_ids.items() if name != "PASAR BARU")
    assert get_router(session).route(*PASAR_BARU).kelurahan_id == after["PASAR BARU LAMA"]
    assert session.get(Report, report.id).kelurahan_id == kept_ids["GAMBIR"]
