"""Open data export: public fields of public reports only, filters applied, streamed."""

import csv
import io
import json

import pytest

from pengaduan_app.domain.open_data import FIELDS
from tests.builders import build_city, make_report


@pytest.fixture
def reports(app_db):
    city = build_city(app_db)
    public = make_report(app_db, city.kel_a1, title="Jalan rusak di Alfa", address='=HYPERLINK("http://x")')
    make_report(app_db, city.kel_a1, title="Rahasia sekali", privacy="confidential")
    make_report(app_db, city.kel_b1, title="Tersembunyi", hidden=True)
    other = make_report(app_db, city.kel_b1, title="Sampah di Beta", privacy="anonymous", reporter_name="Nama Anonim")
    return city, public, other


def test_csv_has_public_reports_and_no_private_fields(client, reports):
    _city, public, other = reports
    response = client.get("/api/ekspor/laporan.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["tracking_code"] for r in rows] == [public.tracking_code, other.tracking_code]
    assert tuple(rows[0]) == FIELDS
    body = response.text
    for secret in ("Rahasia sekali", "Tersembunyi", "Warga Uji", "Nama Anonim", "0812 0000 1111"):
        assert secret not in body
    assert rows[0]["address"].startswith("'=HYPERLINK")  # no formula runs in a spreadsheet
    assert rows[0]["kecamatan"] == "Alfa" and rows[0]["public_status"] == "waiting"


def test_geojson_applies_the_filters(client, reports):
    city, public, _other = reports
    response = client.get(f"/api/ekspor/laporan.geojson?kecamatan={city.kec_a.id}")
    assert response.status_code == 200
    data = json.loads(response.text)
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["tracking_code"] for f in data["features"]] == [public.tracking_code]
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [106.8, -6.2]}
    assert "reporter_name" not in data["features"][0]["properties"]


@pytest.mark.parametrize("query", ["status=nonsense", "from=kemarin", "kecamatan=abc", "from=2026-11-10&to=2026-11-01"])
def test_malformed_filters_are_a_400_with_the_problem(client, reports, query):
    response = client.get(f"/api/ekspor/laporan.csv?{query}")
    assert response.status_code == 400
    assert response.json()["errors"]
