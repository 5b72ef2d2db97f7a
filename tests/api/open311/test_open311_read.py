"""GET endpoints: every answer fits the specification's shape in JSON and says the same in XML."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from pengaduan_app.models import Report, StatusChange
from pengaduan_app.models.types import utcnow
from tests.api.open311.conftest import CONTACT, REPORTER, file_report
from tests.api.open311.spec import (
    DISCOVERY,
    ERRORS,
    SERVICE_DEFINITION,
    SERVICE_REQUESTS,
    SERVICES,
    TOKENS,
    check_pair,
)

JAKARTA = ZoneInfo("Asia/Jakarta")


def _note(app_db, report, note: str, *, public: bool = True, hidden: bool = False, to_status: str | None = None):
    app_db.add(
        StatusChange(
            report_id=report.id,
            at=utcnow(),
            actor="Lurah",
            to_status=to_status or report.status,
            note=note,
            public=public,
            hidden=hidden,
            action="reply",
        )
    )
    if to_status:
        report.status = to_status
        app_db.add(report)
    app_db.commit()


def test_discovery(client):
    data = check_pair(client, "discovery", DISCOVERY)
    assert data["endpoints"][0]["url"] == "http://testserver/open311/v2"


def test_categories_are_services(client):
    services = {s["service_code"]: s for s in check_pair(client, "services", SERVICES)}
    assert len(services) == 21
    assert services["banjir"]["metadata"] is True and services["jalan_rusak"]["metadata"] is True
    assert services["sampah"]["metadata"] is False
    assert services["banjir"]["service_name"] == "Banjir"
    assert services["banjir"]["group"] == "Air dan lingkungan"
    assert "flooding" in services["banjir"]["keywords"]
    assert "Dinas Perhubungan" in services["kemacetan"]["description"]


def test_service_definitions_carry_the_extra_questions(client):
    flood = check_pair(client, "services/banjir", SERVICE_DEFINITION)
    assert [(a["code"], a["datatype"], a["required"]) for a in flood["attributes"]] == [
        ("water_depth", "number", False)
    ]
    road = check_pair(client, "services/jalan_rusak", SERVICE_DEFINITION)
    assert [v["key"] for v in road["attributes"][0]["values"]] == ["none", "partly", "fully"]
    assert check_pair(client, "services/sampah", SERVICE_DEFINITION)["attributes"] == []


@pytest.mark.parametrize("path", ["services/tidak_ada", "services/BANJIR", "requests/JKT-2611-99999", "tokens/nope"])
def test_unknown_ids_are_404(client, path):
    check_pair(client, path, ERRORS, expect=404)


def test_a_request_as_the_specification_names_it(client, app_db):
    report = file_report(app_db, address="Jl. Medan Merdeka Barat")
    _note(app_db, report, "Petugas sudah meninjau lokasi.", to_status="in_progress")
    _note(app_db, report, "Catatan internal petugas", public=False)
    _note(app_db, report, "Balasan yang disembunyikan moderator", hidden=True)
    [item] = check_pair(client, f"requests/{report.tracking_code}", SERVICE_REQUESTS)
    assert item["service_request_id"] == report.tracking_code
    assert item["status"] == "open"
    assert item["status_notes"] == "Petugas sudah meninjau lokasi."
    assert (item["service_code"], item["service_name"]) == ("jalan_rusak", "Jalan rusak")
    assert item["title"] == report.title and item["description"] == report.description
    assert item["agency_responsible"] == "Kecamatan Gambir"
    assert item["address"] == "Jl. Medan Merdeka Barat"
    assert (item["lat"], item["long"]) == (report.latitude, report.longitude)
    assert item["requested_datetime"] == report.created_at.astimezone(JAKARTA).isoformat(timespec="seconds")
    assert item["expected_datetime"] == report.due_at.astimezone(JAKARTA).isoformat(timespec="seconds")
    assert item["expected_datetime"].endswith("T23:59:59+07:00")
    assert item["media_url"].startswith("http://testserver/media/")
    photo = client.get(item["media_url"])
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"


def test_city_wide_categories_name_their_agency(client, app_db):
    report = file_report(app_db, category_code="kemacetan")
    [item] = check_pair(client, f"requests/{report.tracking_code}", SERVICE_REQUESTS)
    assert item["agency_responsible"] == "Dinas Perhubungan"


def test_done_and_rejected_are_closed(client, app_db):
    done, rejected, waiting = file_report(app_db), file_report(app_db), file_report(app_db)
    _note(app_db, done, "Sudah diperbaiki.", to_status="resolved")
    _note(app_db, rejected, "Bukan wewenang kami.", to_status="rejected")
    closed = check_pair(client, "requests", SERVICE_REQUESTS, status="closed")
    assert {i["service_request_id"] for i in closed} == {done.tracking_code, rejected.tracking_code}
    opened = check_pair(client, "requests", SERVICE_REQUESTS, status="open")
    assert [i["service_request_id"] for i in opened] == [waiting.tracking_code]
    assert len(check_pair(client, "requests", SERVICE_REQUESTS, status="open,closed")) == 3


def test_filters_and_paging(client, app_db):
    now = utcnow()
    flood = file_report(app_db, category_code="banjir")
    roads = [file_report(app_db) for _ in range(3)]
    old = file_report(app_db, now=now - timedelta(days=100))
    newest_first = [r.tracking_code for r in reversed([flood, *roads])]
    assert [i["service_request_id"] for i in check_pair(client, "requests", SERVICE_REQUESTS)] == newest_first
    by_code = check_pair(client, "requests", SERVICE_REQUESTS, service_code="banjir")
    assert [i["service_request_id"] for i in by_code] == [flood.tracking_code]
    assert len(check_pair(client, "requests", SERVICE_REQUESTS, service_code="banjir,jalan_rusak")) == 4
    page = check_pair(client, "requests", SERVICE_REQUESTS, page="2", page_size="2")
    assert [i["service_request_id"] for i in page] == newest_first[2:4]
    assert check_pair(client, "requests", SERVICE_REQUESTS, page="3", page_size="2") == []
    start = (now - timedelta(days=110)).isoformat()
    end = (now - timedelta(days=95)).isoformat()
    window = check_pair(client, "requests", SERVICE_REQUESTS, start_date=start, end_date=end)
    assert [i["service_request_id"] for i in window] == [old.tracking_code]
    local_day = (now - timedelta(days=100)).astimezone(JAKARTA).date().isoformat()
    assert len(check_pair(client, "requests", SERVICE_REQUESTS, start_date=local_day)) == 1


def test_ids_override_every_other_filter(client, app_db):
    old = file_report(app_db, now=utcnow() - timedelta(days=200))
    fresh = file_report(app_db)
    listed = check_pair(
        client,
        "requests",
        SERVICE_REQUESTS,
        service_request_id=f"{old.tracking_code}, {fresh.tracking_code},JKT-2611-99999",
        status="closed",
        service_code="banjir",
    )
    assert {i["service_request_id"] for i in listed} == {old.tracking_code, fresh.tracking_code}


def test_confidential_hidden_and_reporters_never_appear(client, app_db):
    shown = file_report(app_db, privacy="anonymous")
    secret = file_report(app_db, privacy="confidential", title="Laporan rahasia tentang pungli")
    hidden = file_report(app_db, title="Laporan yang disembunyikan moderator")
    hidden.hidden = True
    app_db.add(hidden)
    app_db.commit()
    listed = check_pair(client, "requests", SERVICE_REQUESTS)
    assert [i["service_request_id"] for i in listed] == [shown.tracking_code]
    for report in (secret, hidden):
        check_pair(client, f"requests/{report.tracking_code}", ERRORS, expect=404)
        assert check_pair(client, "requests", SERVICE_REQUESTS, service_request_id=report.tracking_code) == []
    pages = [f"requests/{shown.tracking_code}", "requests", "services", "services/banjir", "discovery"]
    bodies = [client.get(f"/open311/v2/{p}.{fmt}").text for p in pages for fmt in ("json", "xml")]
    for text in (REPORTER, "Siti", CONTACT, "0812", "pungli", "disembunyikan"):
        assert not any(text in body for body in bodies), text


def test_tokens_of_hidden_reports_are_404(client, app_db, api_key):
    response = client.post(
        "/open311/v2/requests.json",
        data={
            "api_key": api_key,
            "service_code": "sampah",
            "lat": "-6.1754",
            "long": "106.8272",
            "description": "Sampah menumpuk di trotoar depan halte.",
        },
    )
    [receipt] = response.json()
    [found] = check_pair(client, f"tokens/{receipt['token']}", TOKENS)
    assert found == {"service_request_id": receipt["service_request_id"], "token": receipt["token"]}

    report = app_db.exec(select(Report).where(Report.tracking_code == receipt["service_request_id"])).one()
    report.hidden = True
    app_db.add(report)
    app_db.commit()
    check_pair(client, f"tokens/{receipt['token']}", ERRORS, expect=404)


@pytest.mark.parametrize("path", ["services.yaml", "requests", "nothing/here.json", "requests/JKT-2611-00001.html"])
def test_unknown_endpoints_answer_a_404_error_list(client, path):
    response = client.get(f"/open311/v2/{path}")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404


def test_the_openapi_description_is_served(client):
    document = client.get("/open311/v2/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert "/open311/v2/requests.json" in document["paths"] and "/open311/v2/tokens/{token}.xml" in document["paths"]
