"""The map endpoints: the page carries no reports, the data is compact and public, bad input is a 400."""

from __future__ import annotations

import json
import re

import pytest

from pengaduan_app.domain.support import VISITOR_COOKIE, SupportLimits, new_visitor_id, set_support, visitor_key
from tests.builders import add_report
from tests.map_pages import first_view_of

CITY = {"bbox": "106.6,-6.4,107.0,-6.05", "zoom": "12"}
CONTACT = "siti.rahasia@contoh.id"


def _map_data(html: str) -> dict:
    """The JSON the frame hands its script (MapScript's second argument)."""
    *_, last = re.findall(r"\}\)\(\s*map_\w+, (\{.*\})\);", html)
    return json.loads(last)


def test_the_frame_carries_no_report_words(client, app_db):
    report = add_report(app_db, title="Judul yang tidak boleh ada di halaman")
    response = client.get("/peta/frame")
    assert response.status_code == 200
    html = response.text
    assert report.title not in html and report.tracking_code not in html
    assert '"dataUrl": "/api/map"' in html
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) <= {"https://tile.openstreetmap.org/{z}/{x}/{y}.png"}


def test_the_frame_sketches_its_first_view_with_its_filters(client, app_db):
    waiting = add_report(app_db, title="Menunggu di Monas", latitude=-6.1754, longitude=106.8272)
    done = add_report(app_db, title="Sudah beres", status="resolved", latitude=-6.21, longitude=106.85)
    add_report(app_db, title="Rahasia sekali", privacy="confidential", latitude=-6.3)
    everything = first_view_of(client.get("/peta/frame").text)["sketch"]
    assert everything["clusters"] == []
    assert sorted(everything["points"]) == sorted(
        [[done.latitude, done.longitude, "done"], [waiting.latitude, waiting.longitude, "waiting"]]
    )
    only_done = first_view_of(client.get("/peta/frame", params={"status": "done", "kota": "x"}).text)["sketch"]
    assert only_done == {"clusters": [], "points": [[done.latitude, done.longitude, "done"]]}
    far = first_view_of(client.get("/peta/frame", params={"lat": "-6.3", "lng": "106.9", "z": "17"}).text)["sketch"]
    assert far == {"clusters": [], "points": []}
    focused = client.get("/peta/frame", params={"focus": waiting.tracking_code}).text
    assert first_view_of(focused)["sketch"] is None


def test_the_frame_keeps_only_good_first_filters_and_focus(client, app_db):
    html = client.get(
        "/peta/frame",
        params={"status": "done", "category": "x'); alert(1)//", "kota": "12", "from": "kemarin", "focus": "<b>"},
    ).text
    data = _map_data(html)
    assert data["filters"] == {"status": "done", "kota": "12"}
    assert data["focus"] == ""
    assert "alert(1)" not in html


def test_viewport_data_is_compact_and_public(client, app_db):
    shown = add_report(app_db, title="Jalan <b>rusak</b>")
    add_report(app_db, title="Rahasia sekali", privacy="confidential", latitude=-6.3)
    response = client.get("/api/map", params=CITY)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["clusters"] == []
    assert body["points"] == [[shown.tracking_code, -6.1754, 106.8272, "waiting", "Jalan <b>rusak</b>"]]
    for secret in ("Rahasia sekali", "Siti", CONTACT):
        assert secret not in response.text


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"bbox": "1,2,3", "zoom": "12"},
        {"bbox": "106.6,-6.4,107.0,-6.05", "zoom": "x"},
        {"bbox": "-180,-90,180,90", "zoom": "2"},
        {"bbox": "106,-7,107,-6", "zoom": "17"},
        {"bbox": "inf,-6.4,107.0,-6.05", "zoom": "12"},
        {**CITY, "status": "<script>"},
        {**CITY, "category": "' OR 1=1 --"},
        {**CITY, "kecamatan": "1e9"},
        {**CITY, "from": "2026-02-30"},
        {**CITY, "from": "2026-11-10", "to": "2026-11-01"},
        {**CITY, "sort": "newest"},
    ],
)
def test_malformed_viewport_or_filter_is_a_clear_400(client, app_db, params):
    add_report(app_db)
    response = client.get("/api/map", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad_request"
    assert body["problems"] and all(name in body["message"] for name in body["problems"])


def test_popup_details_say_whether_this_browser_supports(client, app_db):
    report = add_report(app_db)
    visitor = new_visitor_id()
    limits = SupportLimits(10, 10)
    set_support(app_db, report.tracking_code, visitor_key(visitor), True, limits=limits)
    app_db.commit()

    anonymous = client.get(f"/api/map/report/{report.tracking_code}")
    assert anonymous.status_code == 200
    body = anonymous.json()
    assert (body["title"], body["category"], body["status"], body["count"]) == (
        report.title,
        "Jalan rusak",
        "waiting",
        "1",
    )
    assert body["supported"] is False
    assert CONTACT not in anonymous.text and "Siti" not in anonymous.text

    client.cookies.set(VISITOR_COOKIE, visitor)
    assert client.get(f"/api/map/report/{report.tracking_code}").json()["supported"] is True
    english = client.get(f"/api/map/report/{report.tracking_code}", params={"lang": "en"}).json()
    assert english["category"] == "Damaged road"


@pytest.mark.parametrize("code", ["confidential", "JKT-0000-99999", "bukan-kode", "%3Cscript%3E"])
def test_popup_of_unknown_or_confidential_report_is_404(client, app_db, code):
    secret = add_report(app_db, privacy="confidential", title="Judul rahasia")
    response = client.get(f"/api/map/report/{secret.tracking_code if code == 'confidential' else code}")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert "Judul rahasia" not in response.text


def test_a_duplicates_popup_names_the_original_instead_of_offering_support(client, app_db):
    original = add_report(app_db, title="Lubang asli")
    duplicate = add_report(app_db, title="Lubang yang sama", status="rejected", duplicate_of_id=original.id)
    body = client.get(f"/api/map/report/{duplicate.tracking_code}").json()
    assert body["duplicate"] is True and body["original"] == original.tracking_code
    assert body["duplicate_label"] == "Laporan ini sama dengan"
    plain = client.get(f"/api/map/report/{original.tracking_code}").json()
    assert plain["duplicate"] is False and plain["original"] == ""
