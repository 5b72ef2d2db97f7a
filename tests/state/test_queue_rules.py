"""What the queue and the report page offer an officer: the steps valid for the report's status, the
officers they may assign to (their unit and the units below), the areas of their own in the area filter;
and the domain refusing a crafted assignment upwards or sideways."""

from __future__ import annotations

import pytest

from pengaduan_app.models import Report
from pengaduan_app.state.staff_queue import QueueState
from pengaduan_app.state.staff_report import StaffReportState
from tests.builders import build_city, make_report, sign_in_staff
from tests.state.conftest import open_page, run, set_staff_cookie, substate


@pytest.fixture
def city(app_db):
    return build_city(app_db)


def _sign_in(root, app_db, username: str) -> None:
    set_staff_cookie(root, sign_in_staff(app_db, username))
    app_db.commit()


def _report_page(root, app_db, username: str, code: str) -> StaffReportState:
    _sign_in(root, app_db, username)
    open_page(root, f"/staf/laporan/{code}", code=code)
    state = substate(root, StaffReportState)
    run(state, StaffReportState.event_handlers["load"])
    return state


def _queue(root, app_db, username: str) -> QueueState:
    _sign_in(root, app_db, username)
    open_page(root, "/staf")
    state = substate(root, QueueState)
    run(state, QueueState.event_handlers["load"])
    return state


@pytest.mark.parametrize(
    ("status", "offered", "not_offered"),
    [
        ("new", {"verify", "reject", "handover", "relocate", "recategorize"}, {"start", "assign", "resolve"}),
        ("verified", {"assign", "start", "resolve", "reject"}, {"verify"}),
        ("in_progress", {"resolve", "priority"}, {"verify", "start", "assign", "reject", "handover"}),
        ("resolved", {"reply", "note"}, {"verify", "start", "resolve", "relocate", "recategorize", "priority"}),
        ("closed", {"reply"}, {"verify", "start", "assign", "resolve", "reject", "handover"}),
        ("rejected", {"note"}, {"verify", "start", "assign", "resolve", "reject", "relocate"}),
    ],
)
def test_only_the_steps_valid_for_the_status_are_offered(root, app_db, city, status, offered, not_offered):
    report = make_report(app_db, city.kel_a1, status=status)
    state = _report_page(root, app_db, "lurah.alfa1", report.tracking_code)
    assert offered <= set(state.actions) and not (not_offered & set(state.actions))


def _names(options) -> set[str]:
    return {o.label for o in options}


def test_a_camat_assigns_to_the_lurah_of_the_reports_kelurahan(root, app_db, city):
    report = make_report(app_db, city.kel_a1, status="verified")
    state = _report_page(root, app_db, "camat.alfa", report.tracking_code)
    assert _names(state.officers) == {"Camat.Alfa", "Lurah.Alfa1"}  # not Lurah.Alfa2: not his report's area
    run(state, StaffReportState.event_handlers["assign"], str(city.lurah_a1.id))
    assert state.error == ""
    app_db.expire_all()
    assert app_db.get(Report, report.id).assigned_user_id == city.lurah_a1.id


def test_the_queue_offers_the_camat_every_officer_below_him(root, app_db, city):
    state = _queue(root, app_db, "camat.alfa")
    assert _names(state.officers) == {"Camat.Alfa", "Lurah.Alfa1", "Lurah.Alfa2"}
    assert _names(state.areas) == {"Kecamatan Alfa", "Kelurahan Alfa Satu", "Kelurahan Alfa Dua"}
    assert state.areas[0].label == "Kecamatan Alfa"


def test_a_lurah_sees_only_his_kelurahan_and_himself(root, app_db, city):
    state = _queue(root, app_db, "lurah.alfa1")
    assert _names(state.officers) == {"Lurah.Alfa1"}
    assert _names(state.areas) == {"Kelurahan Alfa Satu"}


def test_an_admin_filters_by_every_kecamatan(root, app_db, city):
    state = _queue(root, app_db, "admin")
    assert {"Kecamatan Alfa", "Kecamatan Beta"} <= _names(state.areas)
    assert not any(label.startswith("Kelurahan") for label in _names(state.areas))


@pytest.mark.parametrize(
    ("assigner", "officer"),
    [("lurah_a1", "camat_a"), ("lurah_a1", "lurah_a2"), ("camat_a", "lurah_b1"), ("camat_a", "admin")],
)
def test_a_crafted_assignment_upwards_or_sideways_is_refused(root, app_db, city, assigner, officer):
    report = make_report(app_db, city.kel_a1, status="verified")
    state = _report_page(root, app_db, getattr(city, assigner).username, report.tracking_code)
    run(state, StaffReportState.event_handlers["assign"], str(getattr(city, officer).id))
    assert state.error
    app_db.expire_all()
    assert app_db.get(Report, report.id).assigned_user_id is None
