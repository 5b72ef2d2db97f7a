"""POST requests: the web form's checks and routing, keys, idempotent retries, the rate limit."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from sqlmodel import func, select

from pengaduan_app.config import get_settings
from pengaduan_app.domain.api_keys import create_api_key, revoke_api_key
from pengaduan_app.geo.router import get_router
from pengaduan_app.models import ApiSubmission, Photo, Report, ReportAttribute
from tests.api.open311.conftest import CONTACT, make_admin
from tests.api.open311.spec import ERRORS, RECEIPTS, SERVICE_REQUESTS, as_xml_text, validate, xml_data
from tests.builders import MONAS, jpeg_bytes
from tests.conftest import ON_EVERY_DATABASE

URL = "/open311/v2/requests.json"
FLOOD = {
    "service_code": "banjir",
    "lat": str(MONAS[0]),
    "long": str(MONAS[1]),
    "description": "Banjir setinggi lutut di depan pasar, motor tidak bisa lewat.",
    "address_string": "Jl. Medan Merdeka Barat",
    "first_name": "Siti",
    "last_name": "Rahasiawati",
    "email": CONTACT,
}


def _rows(app_db, statement) -> list:
    """Read, then end the transaction: the API's own sessions must not wait for the test's."""
    app_db.expire_all()
    rows = app_db.exec(statement).all()
    app_db.expunge_all()  # detached rows keep their values: reading them later opens no new transaction
    app_db.rollback()
    return rows


def _count(app_db, model) -> int:
    return _rows(app_db, select(func.count()).select_from(model))[0]


def _post(client, key: str | None, fields: dict, files=None, headers=None, url: str = URL):
    data = dict(fields) if key is None else {"api_key": key, **fields}
    return client.post(url, data=data, files=files, headers=headers)


def _refused(response, status: int) -> list[str]:
    assert response.status_code == status, response.text
    validate(response.json(), ERRORS)
    assert {e["code"] for e in response.json()} == {status}
    return [e["description"] for e in response.json()]


def test_a_post_files_a_report_like_the_web_form(client, app_db, api_key):
    response = _post(client, api_key, {**FLOOD, "attribute[water_depth]": "45"})
    assert response.status_code == 201, response.text
    [receipt] = response.json()
    validate(response.json(), RECEIPTS)
    assert receipt["account_id"] is None
    assert receipt["service_notice"].startswith("Sent to Kecamatan Gambir.")
    [report] = _rows(app_db, select(Report).where(Report.tracking_code == receipt["service_request_id"]))
    route = get_router(app_db).route(*MONAS)
    app_db.rollback()
    assert (report.channel, report.privacy, report.status) == ("api", "anonymous", "new")
    assert (report.kota_id, report.kecamatan_id, report.kelurahan_id) == (
        route.kota_id,
        route.kecamatan_id,
        route.kelurahan_id,
    )
    assert (report.reporter_name, report.reporter_contact) == ("Siti Rahasiawati", CONTACT)
    assert report.title == FLOOD["description"][:120] and report.due_at is not None
    assert _rows(app_db, select(ReportAttribute.code, ReportAttribute.value)) == [("water_depth", "45")]
    [submission] = _rows(app_db, select(ApiSubmission))
    assert (submission.report_id, submission.token) == (report.id, receipt["token"])
    [item] = client.get(f"/open311/v2/requests/{report.tracking_code}.json").json()
    validate([item], SERVICE_REQUESTS)
    assert item["address"] == "Jl. Medan Merdeka Barat" and item["media_url"] is None
    assert "Rahasiawati" not in response.text + str(item) and CONTACT not in response.text + str(item)


def test_the_xml_receipt_says_what_the_json_one_does(client, app_db, api_key):
    headers = {"Idempotency-Key": "sama-untuk-keduanya"}
    first = _post(client, api_key, FLOOD, headers=headers)
    again = _post(client, api_key, FLOOD, headers=headers, url="/open311/v2/requests.xml")
    assert again.status_code == 200 and again.headers["content-type"] == "text/xml; charset=utf-8"
    assert xml_data(ET.fromstring(again.content)) == as_xml_text(first.json())


def test_a_long_description_gives_a_title_cut_at_a_word(client, app_db, api_key):
    words = "Saluran air di gang sempit ini tersumbat sampah plastik " * 4
    drain = {k: v for k, v in FLOOD.items() if not k.startswith("attribute")}
    response = _post(client, api_key, {**drain, "service_code": "saluran_tersumbat", "description": words})
    [report] = _rows(app_db, select(Report).where(Report.tracking_code == response.json()[0]["service_request_id"]))
    assert len(report.title) <= 120 and report.title.endswith("…") and words.startswith(report.title[:-1])
    titled = _post(client, api_key, {**FLOOD, "title": "Banjir di pasar"}).json()[0]["service_request_id"]
    assert _rows(app_db, select(Report.title).where(Report.tracking_code == titled)) == ["Banjir di pasar"]


def test_an_uploaded_photo_goes_through_the_photo_pipeline(client, app_db, api_key):
    files = {"media": ("foto.jpg", jpeg_bytes(800, 600), "image/jpeg")}
    response = _post(client, api_key, FLOOD, files=files)
    assert response.status_code == 201, response.text
    [item] = client.get(f"/open311/v2/requests/{response.json()[0]['service_request_id']}.json").json()
    assert item["media_url"].startswith("http://testserver/media/")
    assert client.get(item["media_url"]).headers["content-type"] == "image/jpeg"
    [photo] = _rows(app_db, select(Photo))
    assert (photo.width, photo.height) == (800, 600)


def test_a_media_url_of_this_server_is_read_from_disk(client, app_db, api_key):
    first = _post(client, api_key, FLOOD, files={"media": ("a.jpg", jpeg_bytes(), "image/jpeg")}).json()[0]
    [item] = client.get(f"/open311/v2/requests/{first['service_request_id']}.json").json()
    for url in (item["media_url"], item["media_url"].removeprefix("http://testserver")):
        response = _post(client, api_key, {**FLOOD, "media_url": url})
        assert response.status_code == 201, response.text
    assert _count(app_db, Photo) == 3


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/foto.jpg",
        "http://testserver.evil.example/media/" + "a" * 64 + ".jpg",
        "file:///etc/passwd",
        "/media/../../etc/passwd",
        "/media/" + "0" * 64 + ".jpg",
        "http://testserver/media/" + "0" * 64 + ".jpg?x=1",
        "//evil.example/media/x.jpg",
    ],
)
def test_any_other_media_url_is_refused_and_never_fetched(client, app_db, api_key, url):
    [problem] = _refused(_post(client, api_key, {**FLOOD, "media_url": url}), 400)
    assert problem.startswith("media_url: only this server's own /media/ photos")
    assert _count(app_db, Report) == 0


BAD_INPUTS = [
    ({"service_code": ""}, "service_code: Choose a category."),
    ({"service_code": "tidak_ada"}, "service_code: Unknown category."),
    ({"description": "pendek"}, "description: The description is too short (at least 10 characters)."),
    ({"description": "  "}, "description: Describe the problem."),
    ({"title": "abc"}, "title: The title is too short (at least 5 characters)."),
    ({"lat": "", "long": ""}, "lat/long: lat and long are required. This server has no geocoder"),
    ({"lat": "utara"}, "lat/long: The location is not valid."),
    ({"long": "nan"}, "lat/long: The location is not valid."),
    ({"lat": "-7.8", "long": "110.36"}, "lat/long: This place is outside the service area"),
    ({"email": "bukan-email"}, "email: Enter a valid mobile number"),
    ({"email": "", "phone": "12"}, "phone: Enter a valid mobile number"),
    ({"first_name": "N" * 81}, "first_name/last_name: The name is too long (at most 80 characters)."),
    ({"address_string": "J" * 201}, "address_string: The address is too long (at most 200 characters)."),
    ({"attribute[water_depth]": "dalam"}, "attribute[water_depth]: Enter a number"),
    ({"attribute[water_depth]": "501"}, "attribute[water_depth]: Enter a number from 0 to 500."),
    ({"attribute[water_depth]": "1e3"}, "attribute[water_depth]: Enter a number"),
    ({"attribute[lane_blocked]": "fully"}, "attribute[lane_blocked]: This service has no such attribute"),
    ({"service_code": "jalan_rusak", "attribute[lane_blocked]": "half"}, "attribute[lane_blocked]: Choose one of"),
    ({"service_code": "jalan_rusak", "attribute[water_depth]": "3"}, "attribute[water_depth]: This service has no"),
    ({"service_code": "tidak_ada", "attribute[water_depth]": "3"}, "service_code: Unknown category."),
    ({"attribute[Water Depth]": "3"}, "attribute[Water Depth]: is not an attribute of this service"),
    ({"jurisdiction_id": "bandung"}, "jurisdiction_id: this server serves only the jurisdiction 'jkt'"),
    ({"description": "x" * 10_001}, "description: must be at most 10000 characters"),
]


@pytest.mark.parametrize(("change", "expected"), BAD_INPUTS, ids=[str(list(c)) for c, _ in BAD_INPUTS])
def test_each_bad_input_is_one_400_entry_and_stores_nothing(client, app_db, api_key, change, expected):
    problems = _refused(_post(client, api_key, {**FLOOD, **change}), 400)
    assert len(problems) == 1 and problems[0].startswith(expected), problems
    assert _count(app_db, Report) == _count(app_db, ApiSubmission) == _count(app_db, ReportAttribute) == 0
    assert not (get_settings().media_dir).exists() or not any(get_settings().media_dir.iterdir())


def test_every_problem_is_listed_at_once(client, app_db, api_key):
    fields = {"service_code": "banjir", "description": "x", "address_string": "Jl. Tanpa Koordinat", "email": "@"}
    fields["attribute[water_depth]"] = "-1"
    problems = _refused(_post(client, api_key, fields), 400)
    assert [p.split(":")[0] for p in problems] == ["description", "lat/long", "email", "attribute[water_depth]"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"media": ("x.jpg", b"bukan gambar", "image/jpeg")}, "media: This file is not a JPEG, PNG or WebP photo."),
        ({"media": ("x.jpg", b"", "image/jpeg")}, "media: The photo file is empty."),
        ({"description": ("d.txt", b"berkas", "text/plain")}, "description: must be text, not a file"),
    ],
)
def test_bad_files_are_400(client, app_db, api_key, files, expected):
    fields = {k: v for k, v in FLOOD.items() if k not in files}
    [problem] = _refused(_post(client, api_key, fields, files=files), 400)
    assert problem.startswith(expected)
    assert _count(app_db, Report) == 0


def test_media_given_as_text_and_repeated_fields_are_400(client, api_key):
    [problem] = _refused(_post(client, api_key, {**FLOOD, "media": "foto.jpg"}), 400)
    assert problem == "media: must be a file (multipart/form-data), not text"
    body = "&".join(f"{k}={v}" for k, v in {**FLOOD, "api_key": api_key}.items()) + "&lat=-6.2"
    response = client.post(URL, content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert _refused(response, 400) == ["lat: given more than once"]


def test_bodies_that_are_not_forms_or_too_large_are_refused(client, api_key):
    assert _refused(client.post(URL, json={"api_key": api_key, **FLOOD}), 400)[0].startswith("Content-Type:")
    latin = f"api_key={api_key}&description=caf\xe9".encode("latin-1")
    response = client.post(URL, content=latin, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert _refused(response, 400)[0].startswith("body: must be UTF-8")
    for broken, kind in ((b"garbage", "multipart/form-data; boundary=x"), (b"x", "multipart/form-data")):
        assert _refused(client.post(URL, content=broken, headers={"Content-Type": kind}), 400)[0].startswith("body:")
    huge = {"media": ("big.jpg", b"\xff" * (get_settings().max_photo_bytes + 2 * 1024 * 1024), "image/jpeg")}
    assert _refused(_post(client, api_key, FLOOD, files=huge), 413)[0].startswith("The request body may be at most")


@pytest.mark.parametrize("key", [None, "", "pgd_00000000_" + "A" * 43, "kunci-asal", "pgd_zz"])
def test_a_missing_or_wrong_key_is_403(client, app_db, api_key, key):
    _refused(_post(client, key, FLOOD), 403)
    assert _count(app_db, Report) == 0


def test_the_right_prefix_with_a_wrong_secret_is_403(client, app_db, api_key):
    forged = api_key[:13] + ("B" if api_key[13] != "B" else "C") + api_key[14:]
    _refused(_post(client, forged, FLOOD), 403)


def test_a_revoked_key_is_403_at_once(client, app_db, admin, api_key):
    assert _post(client, api_key, FLOOD).status_code == 201
    revoke_api_key(app_db, admin, _rows(app_db, select(ApiSubmission.api_key_id))[0])
    app_db.commit()
    assert _refused(_post(client, api_key, FLOOD), 403) == ["api_key is not valid, or has been revoked."]
    assert _count(app_db, Report) == 1


def test_a_retried_post_returns_the_first_result(client, app_db, api_key, admin):
    headers = {"Idempotency-Key": "5b0c2c4e-retry-0001"}
    first = _post(client, api_key, FLOOD, headers=headers)
    again = _post(client, api_key, {**FLOOD, "description": "Isi yang lain sama sekali."}, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert _count(app_db, Report) == 1
    other_key = create_api_key(app_db, admin, "Aplikasi Lain").key
    app_db.commit()
    other = _post(client, other_key, FLOOD, headers=headers)
    assert other.status_code == 201 and other.json()[0]["service_request_id"] != first.json()[0]["service_request_id"]
    assert _post(client, api_key, FLOOD).status_code == _post(client, api_key, FLOOD).status_code == 201
    assert _count(app_db, Report) == 4


@pytest.mark.parametrize("value", ["", " ", "x" * 256, "kunci\x7f"])
def test_a_malformed_idempotency_key_is_400(client, api_key, value):
    response = _post(client, api_key, FLOOD, headers={"Idempotency-Key": value})
    assert _refused(response, 400) == ["Idempotency-Key: must be given once, 1 to 255 visible ASCII characters"]


def test_each_key_is_rate_limited(client, app_db, admin, api_key, monkeypatch):
    monkeypatch.setenv("PENGADUAN_API_REQUESTS_PER_MINUTE", "2")
    get_settings.cache_clear()
    assert [_post(client, api_key, FLOOD).status_code for _ in range(2)] == [201, 201]
    limited = _post(client, api_key, FLOOD)
    assert _refused(limited, 429) == ["Too many requests for this api_key: at most 2 per minute."]
    assert 1 <= int(limited.headers["Retry-After"]) <= 60  # the minute's end
    other_key = create_api_key(app_db, admin, "Lain").key
    app_db.commit()
    assert _post(client, other_key, FLOOD).status_code == 201
    assert _count(app_db, Report) == 3


@ON_EVERY_DATABASE
def test_posting_on_each_database(client, app_db):
    key = create_api_key(app_db, make_admin(app_db), "Aplikasi").key
    app_db.commit()
    headers = {"Idempotency-Key": "pg-and-sqlite-1"}
    files = {"media": ("a.jpg", jpeg_bytes(), "image/jpeg")}
    fields = {**FLOOD, "attribute[water_depth]": "12.5"}
    first = _post(client, key, fields, files=files, headers=headers)
    again = _post(client, key, fields, files=files, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200) and first.json() == again.json()
    _refused(_post(client, key, {**FLOOD, "lat": "-7.8", "long": "110.36", "attribute[water_depth]": "x"}), 400)
    code = first.json()[0]["service_request_id"]
    [item] = client.get(f"/open311/v2/requests/{code}.json").json()
    assert item["status"] == "open" and item["media_url"]
    assert _count(app_db, Report) == _count(app_db, ApiSubmission) == 1
    assert _rows(app_db, select(ReportAttribute.value)) == ["12.5"]


def test_too_many_reports_from_one_address_is_429_with_retry_after(client, app_db, api_key, monkeypatch):
    monkeypatch.setenv("PENGADUAN_REPORT_LIMIT_PER_ADDRESS_HOUR", "2")
    get_settings.cache_clear()
    first = _post(client, api_key, FLOOD, headers={"Idempotency-Key": "alamat-1"})
    assert [first.status_code, _post(client, api_key, FLOOD).status_code] == [201, 201]
    photo = {"media": ("a.jpg", jpeg_bytes(color=(1, 2, 3)), "image/jpeg")}
    limited = _post(client, api_key, FLOOD, files=photo)
    [description] = _refused(limited, 429)
    wait = int(limited.headers["Retry-After"])
    assert 3500 <= wait <= 3600
    assert description == f"Too many reports from this address: at most 2 per hour. Retry after {wait} seconds."
    assert _count(app_db, Report) == 2 and _count(app_db, Photo) == 0
    assert not any((get_settings().media_dir).glob("*"))  # the refused photo was never written
    # A retry of a POST that was filed still gets its first answer.
    again = _post(client, api_key, FLOOD, headers={"Idempotency-Key": "alamat-1"})
    assert again.status_code == 200 and again.json() == first.json()
    xml = _post(client, api_key, FLOOD, url="/open311/v2/requests.xml")
    assert xml.status_code == 429 and "Retry-After" in xml.headers and b"<code>429</code>" in xml.content
