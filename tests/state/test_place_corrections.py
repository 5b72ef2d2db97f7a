"""Officers correct a report's place and category through the staff report page's handlers, as a browser
(or a crafted client) calls them: re-routing, new deadline and unit, audit, public timeline in citizen
words; refused (and nothing changed) for the wrong role, the wrong area or a closed report."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from pengaduan_app.domain.public_reports import get_public_report
from pengaduan_app.domain.sla import add_working_days
from pengaduan_app.models import AuditEntry, Category, Report, StatusChange
from pengaduan_app.state.staff_report import PinDrop, StaffReportState
from pengaduan_app.state.views import timeline_of
from tests.builders import build_city, make_report, sign_in_staff
from tests.place_fixtures import give_boundaries, inside
from tests.state.conftest import open_page, run, set_staff_cookie, substate


@pytest.fixture
def city(app_db):
    city = build_city(app_db)
    give_boundaries(app_db, city)
    return city


def _report(app_db, city, **fields) -> Report:
    lat, lng = inside(0)
    report = make_report(app_db, city.kel_a1, latitude=lat, longitude=lng, kota_id=city.kota.id, **fields)
    app_db.add(StatusChange(report_id=report.id, to_status="new", public=True))
    app_db.commit()
    return report


def _page(root, app_db, username: str | None, code: str) -> StaffReportState:
    if username:
        set_staff_cookie(root, sign_in_staff(app_db, username))
        app_db.commit()
    open_page(root, f"/staf/laporan/{code}", code=code)
    state = substate(root, StaffReportState)
    run(state, StaffReportState.event_handlers["load"])
    return state


def _drop_pin(state, lat, lng):
    message = {"type": "pengaduan:location", "lat": lat, "lng": lng}
    run(state, StaffReportState.event_handlers["receive_message"], message)


def _fresh(app_db, report) -> Report:
    app_db.expire_all()
    return app_db.get(Report, report.id)


def test_the_page_shows_the_place_and_directions(root, app_db, city):
    report = _report(app_db, city)
    state = _page(root, app_db, "lurah.alfa1", report.tracking_code)
    lat, lng = inside(0)
    assert state.place.kelurahan == "Alfa Satu" and state.place.kecamatan == "Alfa"
    assert state.place.kota == "Kota Uji"
    assert state.place.coordinates == f"{lat:.6f}, {lng:.6f}"
    assert state.place.geo_link == f"geo:{lat:.6f},{lng:.6f}?q={lat:.6f},{lng:.6f}"
    assert state.place.osm_link.startswith(f"https://www.openstreetmap.org/directions?to={lat:.6f}%2C{lng:.6f}")
    assert state.place.map_src.startswith(f"/staf/peta/{report.tracking_code}?v=")


def test_a_lurah_moves_a_pin_to_the_neighbouring_kelurahan(root, app_db, city):
    report = _report(app_db, city, status="verified", assigned_user_id=city.lurah_a1.id)
    state = _page(root, app_db, "lurah.alfa1", report.tracking_code)
    lat, lng = inside(1)
    _drop_pin(state, lat, lng)
    assert state.new_place.area.startswith("Alfa Dua, Alfa")
    assert _fresh(app_db, report).kelurahan_id == city.kel_a1.id  # nothing stored before "Simpan lokasi"

    run(state, StaffReportState.event_handlers["save_place"])
    assert state.error == "" and state.message
    moved = _fresh(app_db, report)
    assert (moved.latitude, moved.longitude) == (round(lat, 6), round(lng, 6))
    assert (moved.kelurahan_id, moved.unit_area_id, moved.assigned_user_id) == (city.kel_a2.id, city.kel_a2.id, None)
    audit = app_db.exec(select(AuditEntry).where(AuditEntry.action == "relocate")).one()
    assert json.loads(audit.detail)["before"][2] == city.kel_a1.id and audit.actor_id == city.lurah_a1.id
    steps = timeline_of(get_public_report(app_db, report.tracking_code), "id")
    assert steps[-1].action == "Lokasi diperbaiki oleh petugas"
    assert timeline_of(get_public_report(app_db, report.tracking_code), "en")[-1].action == (
        "Place corrected by an officer"
    )
    # The report now belongs to ALFA DUA: the lurah of ALFA SATU no longer handles it.
    assert state.allowed is False


def test_a_lurah_may_not_push_a_report_into_another_kecamatan(root, app_db, city):
    report = _report(app_db, city)
    state = _page(root, app_db, "lurah.alfa1", report.tracking_code)
    _drop_pin(state, *inside(2))
    run(state, StaffReportState.event_handlers["save_place"])
    assert "Disposisi" in state.error
    assert _fresh(app_db, report).kelurahan_id == city.kel_a1.id
    assert app_db.exec(select(AuditEntry).where(AuditEntry.action == "relocate")).first() is None


def test_an_admin_moves_a_pin_anywhere_but_not_outside_the_service_area(root, app_db, city):
    report = _report(app_db, city)
    state = _page(root, app_db, "admin", report.tracking_code)
    _drop_pin(state, -6.5, 107.5)  # outside every boundary
    run(state, StaffReportState.event_handlers["save_place"])
    assert "di luar wilayah layanan" in state.error
    _drop_pin(state, *inside(2))
    run(state, StaffReportState.event_handlers["save_place"])
    assert state.error == ""
    moved = _fresh(app_db, report)
    assert (moved.kelurahan_id, moved.kecamatan_id) == (city.kel_b1.id, city.kec_b.id)


@pytest.mark.parametrize(
    "message",
    [
        None,
        "pengaduan:location",
        {"type": "pengaduan:location", "lat": "x", "lng": 106.8},
        {"type": "pengaduan:location", "lat": True, "lng": True},
        {"type": "pengaduan:location", "lat": float("nan"), "lng": 106.8},
        {"type": "pengaduan:location", "lat": 91, "lng": 106.8},
        {"type": "other", "lat": -6.205, "lng": 106.815},
    ],
)
def test_crafted_map_messages_are_ignored(root, app_db, city, message):
    report = _report(app_db, city)
    state = _page(root, app_db, "lurah.alfa1", report.tracking_code)
    run(state, StaffReportState.event_handlers["receive_message"], message)
    assert state.new_place == PinDrop()


def test_an_officer_of_another_area_can_neither_preview_nor_move(root, app_db, city):
    report = _report(app_db, city)
    state = _page(root, app_db, "lurah.beta1", report.tracking_code)
    assert state.allowed is False
    _drop_pin(state, *inside(1))
    assert state.new_place == PinDrop()
    # A crafted client sets the pending place itself and presses save: the domain refuses.
    state.new_place = PinDrop(lat=str(inside(1)[0]), lng=str(inside(1)[1]))
    run(state, StaffReportState.event_handlers["save_place"])
    assert state.error
    assert _fresh(app_db, report).kelurahan_id == city.kel_a1.id


def test_a_new_category_gives_a_new_deadline(root, app_db, city):
    report = _report(app_db, city)  # jalan_rusak: 5 working days
    state = _page(root, app_db, "camat.alfa", report.tracking_code)
    run(state, StaffReportState.event_handlers["recategorize"], {"category": "banjir"})
    assert state.error == ""
    changed = _fresh(app_db, report)
    banjir = app_db.exec(select(Category).where(Category.code == "banjir")).one()
    assert changed.category_id == banjir.id
    assert changed.due_at == add_working_days(changed.created_at, banjir.sla_days)
    assert changed.unit_area_id == city.kel_a1.id
    assert timeline_of(get_public_report(app_db, report.tracking_code), "id")[-1].action == (
        "Kategori diperbaiki oleh petugas"
    )
    assert app_db.exec(select(AuditEntry).where(AuditEntry.action == "recategorize")).one().actor_id == city.camat_a.id


def test_a_city_wide_category_goes_to_its_agency_unless_handed_over(root, app_db, city):
    report = _report(app_db, city, status="assigned", assigned_user_id=city.lurah_a1.id)
    state = _page(root, app_db, "lurah.alfa1", report.tracking_code)
    run(state, StaffReportState.event_handlers["recategorize"], {"category": "kemacetan"})
    changed = _fresh(app_db, report)
    assert (changed.unit_agency, changed.unit_area_id, changed.assigned_user_id) == ("perhubungan", None, None)

    handed = _report(app_db, city, unit_area_id=city.kec_a.id)  # handed over to the kecamatan earlier
    state = _page(root, app_db, "camat.alfa", handed.tracking_code)
    run(state, StaffReportState.event_handlers["recategorize"], {"category": "kemacetan"})
    assert (_fresh(app_db, handed).unit_agency, _fresh(app_db, handed).unit_area_id) == (None, city.kec_a.id)


@pytest.mark.parametrize(("status", "category"), [("resolved", "banjir"), ("rejected", "banjir"), ("new", "nope")])
def test_corrections_refused_on_closed_reports_and_unknown_categories(root, app_db, city, status, category):
    report = _report(app_db, city, status=status)
    state = _page(root, app_db, "admin", report.tracking_code)
    before = (_fresh(app_db, report).category_id, _fresh(app_db, report).due_at)
    run(state, StaffReportState.event_handlers["recategorize"], {"category": category})
    assert state.error
    if status != "new":
        _drop_pin(state, *inside(1))
        run(state, StaffReportState.event_handlers["save_place"])
        assert "selesai atau ditolak" in state.error
    after = _fresh(app_db, report)
    assert (after.category_id, after.due_at, after.kelurahan_id) == (*before, city.kel_a1.id)
    assert app_db.exec(select(AuditEntry)).first() is None
