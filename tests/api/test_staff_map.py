"""`GET /staf/peta/{code}`: the staff report page's map, only for an officer who may handle the report; it
draws the report's pin and the nearby reports that officer handles (titles as data, never as markup)."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from pengaduan_app.api.app import build_api
from pengaduan_app.domain.accounts import SESSION_COOKIE
from tests.builders import build_city, make_report, sign_in_staff


@pytest.fixture
def reports(app_db):
    city = build_city(app_db)
    here = make_report(app_db, city.kel_a1, title="Lubang di depan sekolah", latitude=-6.2, longitude=106.8)
    near = make_report(app_db, city.kel_a1, title="<img src=x onerror=alert(1)>", latitude=-6.2005, longitude=106.8)
    far = make_report(app_db, city.kel_a1, title="Jauh sekali", latitude=-6.25, longitude=106.8)
    elsewhere = make_report(app_db, city.kel_b1, title="Milik Beta", latitude=-6.2001, longitude=106.8)
    return here, near, far, elsewhere


def _get(app_db, username: str | None, code: str):
    client = TestClient(build_api())
    if username:
        client.cookies.set(SESSION_COOKIE, sign_in_staff(app_db, username))
        app_db.commit()
    return client.get(f"/staf/peta/{code}")


def test_the_officer_gets_the_pin_and_the_reports_near_it(app_db, reports):
    here, near, far, elsewhere = reports
    response = _get(app_db, "lurah.alfa1", here.tracking_code)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"
    page = response.text
    assert near.tracking_code in page and "\\u003cimg src=x" in page and "<img src=x" not in page
    assert far.tracking_code not in page  # beyond the radius
    assert elsewhere.tracking_code not in page  # close, but another kecamatan's


@pytest.mark.parametrize("username", [None, "lurah.beta1"])
def test_nobody_else_gets_it(app_db, reports, username):
    response = _get(app_db, username, reports[0].tracking_code)
    assert response.status_code == 403
    assert reports[1].tracking_code not in response.text


def test_an_unknown_code_is_refused_like_a_forbidden_one(app_db, reports):
    assert _get(app_db, "admin", "JKT-0000-99999").status_code == 403


def _get_queue_map(app_db, username: str | None, query: str = ""):
    client = TestClient(build_api())
    if username:
        client.cookies.set(SESSION_COOKIE, sign_in_staff(app_db, username))
        app_db.commit()
    return client.get(f"/staf/peta-antrean?{query}")


def test_the_queue_map_shows_the_officers_reports_under_the_queues_filters(app_db, reports):
    here, near, far, elsewhere = reports
    page = _get_queue_map(app_db, "lurah.alfa1").text
    assert {here.tracking_code, near.tracking_code, far.tracking_code} <= set(_codes(page))
    assert elsewhere.tracking_code not in page
    searched = _get_queue_map(app_db, "lurah.alfa1", "q=sekolah").text
    assert _codes(searched) == [here.tracking_code]
    assert _codes(_get_queue_map(app_db, "admin", "status=resolved").text) == []


def test_the_queue_map_needs_a_signed_in_officer(app_db, reports):
    response = _get_queue_map(app_db, None)
    assert response.status_code == 403 and reports[0].tracking_code not in response.text


def _codes(page: str) -> list[str]:
    return re.findall(r'"code": "(JKT-\d{4}-\d+)"', page)
