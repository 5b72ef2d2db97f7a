"""Open data export: public fields of public reports only, filters applied, streamed."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from pengaduan_app.api.export import XLSX_TYPE
from pengaduan_app.domain.open_data import FIELDS
from pengaduan_app.models import Report
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


@pytest.mark.parametrize("title", ["x;=1+1;y", "a,@SUM(1)", "ok | -2+3", "tab\t=1", "baris\n+cmd"])
def test_a_formula_after_any_separator_is_quoted_and_neutralised(client, app_db, title):
    """Issue 14.7: opened with `;` (or `,`, `|`, tab) as separator, no piece of a cell starts a formula."""
    city = build_city(app_db)
    make_report(app_db, city.kel_a1, title=title)
    body = client.get("/api/ekspor/laporan.csv").text
    for separator in (",", ";", "\t", "|"):
        for row in csv.reader(io.StringIO(body), delimiter=separator):
            # a spreadsheet honours the quotes: each text cell is one cell, whatever the separator
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row if title[:2] in cell), row
    [row] = list(csv.DictReader(io.StringIO(body)))
    assert row["title"] == "'" + title
    assert f'"\'{title}"' in body  # quoted
    plain = make_report(app_db, city.kel_a1, title="Jalan berlubang, dekat pasar")
    rows = {r["tracking_code"]: r for r in csv.DictReader(io.StringIO(client.get("/api/ekspor/laporan.csv").text))}
    assert rows[plain.tracking_code]["title"] == "Jalan berlubang, dekat pasar"  # ordinary text is left alone


def _workbook(response):
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX_TYPE
    assert 'filename="pengaduan-laporan.xlsx"' in response.headers["content-disposition"]
    return load_workbook(io.BytesIO(response.content))


def test_xlsx_has_the_csvs_columns_and_rows_and_no_private_ones(client, reports):
    """Issue 14.7: the same columns, rows and access rule as the CSV; no reporter name or contact anywhere."""
    _city, public, other = reports
    sheet = _workbook(client.get("/api/ekspor/laporan.xlsx")).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    csv_rows = list(csv.reader(io.StringIO(client.get("/api/ekspor/laporan.csv").text)))
    assert tuple(rows[0]) == tuple(csv_rows[0]) == FIELDS
    assert [r[0] for r in rows[1:]] == [r[0] for r in csv_rows[1:]] == [public.tracking_code, other.tracking_code]
    flat = repr(rows)
    for secret in ("Rahasia sekali", "Tersembunyi", "Warga Uji", "Nama Anonim", "0812 0000 1111"):
        assert secret not in flat
    line = dict(zip(FIELDS, rows[1], strict=True))
    assert line["address"] == '=HYPERLINK("http://x")'  # kept as written: a text cell, not a formula
    assert (line["latitude"], line["longitude"], line["support_count"]) == (-6.2, 106.8, 0)  # numbers stay numbers


@pytest.mark.parametrize("title", ["=1+1", "x;=1+1;y", "@SUM(A1)", "-2+3", "+cmd|' /C calc'!A0"])
def test_a_formula_title_is_a_text_cell_in_the_xlsx(client, app_db, title):
    city = build_city(app_db)
    make_report(app_db, city.kel_a1, title=title)
    sheet = _workbook(client.get("/api/ekspor/laporan.xlsx")).active
    cell = sheet.cell(row=2, column=FIELDS.index("title") + 1)
    assert (cell.value, cell.data_type) == (title, "s")
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_xlsx_applies_the_filters_and_refuses_malformed_ones(client, reports):
    city, public, _other = reports
    sheet = _workbook(client.get(f"/api/ekspor/laporan.xlsx?kecamatan={city.kec_a.id}")).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [public.tracking_code]
    response = client.get("/api/ekspor/laporan.xlsx?status=nonsense")
    assert response.status_code == 400 and response.json()["errors"]


def test_xlsx_of_a_few_thousand_reports_streams_whole(client, app_db):
    city = build_city(app_db)
    first = make_report(app_db, city.kel_a1, title="Pertama")
    values = {c: getattr(first, c) for c in ("category_id", "latitude", "longitude", "status", "privacy")}
    values |= {"description": "Uraian", "kelurahan_id": city.kel_a1.id, "created_at": first.created_at}
    app_db.execute(
        insert(Report),
        [{**values, "tracking_code": f"JKT-2611-9{n:05d}", "title": f"=1+{n}"} for n in range(3000)],
    )
    app_db.commit()
    with client.stream("GET", "/api/ekspor/laporan.xlsx") as response:
        chunks = list(response.iter_bytes())
    assert len(chunks) > 1  # sent in pieces, not as one body
    sheet = load_workbook(io.BytesIO(b"".join(chunks)), read_only=True).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3001 and rows[-1][FIELDS.index("title")] == "=1+2999"
