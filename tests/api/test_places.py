"""`/api/cari`: area names without any setting; streets and places through a (fake, local) geocoder when set."""

from __future__ import annotations

import json
import re

import pytest
from sqlmodel import delete
from starlette.testclient import TestClient

from pengaduan_app.api.app import build_api
from pengaduan_app.config import get_settings
from pengaduan_app.models import Area
from tests.builders import add_gambir_areas
from tests.fake_geocoder import running_geocoder


@pytest.fixture
def areas(app_db):
    """Only Gambir's areas (the app database starts with the approximate kecamatan centres)."""
    app_db.exec(delete(Area))
    add_gambir_areas(app_db)


@pytest.fixture
def geocoder(monkeypatch, app_db):
    def _use(path: str):
        monkeypatch.setenv("PENGADUAN_GEOCODER_URL", fake.url + path)
        get_settings.cache_clear()

    with running_geocoder() as fake:
        fake.use = _use
        yield fake
    get_settings.cache_clear()


def _search(client, q: str, **params) -> dict:
    response = client.get("/api/cari", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_area_names_are_found_without_any_setting(client, areas):
    found = _search(client, "gambir")["results"]
    # The kecamatan (a shape: its box) before the kelurahan of the same name; the level and parent say which.
    assert [(r["label"], r["kind"]) for r in found] == [("Gambir", "kecamatan"), ("Gambir", "kelurahan")]
    assert found[0]["bbox"] == [106.81, -6.18, 106.83, -6.16]
    assert found[0]["detail"] == "Kecamatan · Kota Jakarta Pusat"
    assert found[1]["bbox"] is None and (found[1]["lat"], found[1]["lng"]) == (-6.171, 106.821)
    assert _search(client, "gambir")["attribution"] == ""


def test_a_level_word_narrows_the_search(client, areas):
    assert [r["kind"] for r in _search(client, "kel. Gambir")["results"]] == ["kelurahan"]
    assert [r["label"] for r in _search(client, "Kelurahan pinang")["results"]] == ["Pinangsia"]
    assert [r["kind"] for r in _search(client, "kecamatan gambir")["results"]] == ["kecamatan"]
    assert _search(client, "kel. Tebet")["results"] == []


def test_english_readers_get_english_level_words(client, areas):
    assert _search(client, "pinangsia", lang="en")["results"][0]["detail"] == "Kelurahan · Kecamatan Gambir"


@pytest.mark.parametrize("q", ["", "   ", "x" * 101])
def test_bad_queries_are_a_400(client, q):
    assert client.get("/api/cari", params={"q": q}).status_code == 400


def test_wildcards_are_plain_text(client, areas):
    assert _search(client, "%%")["results"] == []
    assert _search(client, "__")["results"] == []


@pytest.mark.parametrize("path", ["/search", "/api"], ids=["nominatim", "photon"])
def test_the_geocoder_adds_streets_inside_the_service_area(client, areas, geocoder, path):
    geocoder.use(path)
    answer = _search(client, "kebon sirih")
    assert [(r["label"], r["kind"]) for r in answer["results"]] == [("Jalan Kebon Sirih", "geocoder")]
    assert answer["results"][0]["lat"] == -6.18552 and answer["results"][0]["bbox"] is None
    assert answer["attribution"] == "Hasil pencarian: © OpenStreetMap contributors"
    [query] = geocoder.queries
    # Biased to the loaded areas' box (with a margin) and asked by the server (no visitor address leaks).
    if path == "/search":
        assert query["bounded"] == "1" and query["format"] == "jsonv2" and query["accept-language"] == "id"
        west, north, east, south = map(float, query["viewbox"].split(","))
    else:
        west, south, east, north = map(float, query["bbox"].split(","))
    assert west < 106.81 < 106.83 < east and south < -6.18 < -6.14 < north


def test_areas_come_first_and_a_broken_geocoder_leaves_them(client, areas, geocoder, monkeypatch):
    geocoder.use("/nothing-here")  # answers 404
    assert [r["label"] for r in _search(client, "Gambir")["results"]] == ["Gambir", "Gambir"]
    monkeypatch.setenv("PENGADUAN_GEOCODER_URL", "http://127.0.0.1:9/search")  # nobody listens
    get_settings.cache_clear()
    assert [r["kind"] for r in _search(client, "Pinangsia")["results"]] == ["kelurahan"]


def test_the_frames_say_what_the_search_finds(client, app_db, geocoder):
    assert "Cari kelurahan, kecamatan, atau kota" in client.get("/peta/frame").text
    geocoder.use("/search")
    assert "Cari jalan, tempat, atau kelurahan" in client.get("/peta/pilih").text


def _picker_data(html: str) -> dict:
    *_, last = re.findall(r"\}\)\(\s*map_\w+, (\{.*\})\);", html)
    return json.loads(last)


def test_the_picker_opens_at_start_or_with_the_marker_at_at(client, app_db):
    started = client.get("/peta/pilih", params={"start": "-6.17540,106.82720"}).text
    assert "center: [-6.1754, 106.8272]" in started and _picker_data(started)["initial"] is None
    marked = client.get("/peta/pilih", params={"at": "-6.1,106.9"}).text
    assert _picker_data(marked)["initial"] == [-6.1, 106.9]
    for bad in ("", "x,y", "-91,0", "1", "nan,nan"):
        html = client.get("/peta/pilih", params={"start": bad, "at": bad}).text
        assert "center: [-6.2, 106.83]" in html and _picker_data(html)["initial"] is None


def test_each_address_may_search_so_often_a_minute(client, areas, monkeypatch):
    monkeypatch.setenv("PENGADUAN_PLACE_SEARCH_LIMIT_PER_ADDRESS_MINUTE", "3")
    get_settings.cache_clear()
    try:
        for _ in range(3):
            _search(client, "gambir")
        refused = client.get("/api/cari", params={"q": "gambir"})
        english = client.get("/api/cari", params={"q": "gambir", "lang": "en"})
        other = TestClient(build_api(), base_url="http://testserver", client=("10.1.2.3", 5000))
        assert other.get("/api/cari", params={"q": "gambir"}).status_code == 200  # another address, its own count
    finally:
        get_settings.cache_clear()
    assert refused.status_code == 429 and english.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60 and refused.headers["cache-control"] == "no-store"
    assert refused.json()["error"] == "too_many_requests"
    seconds = refused.headers["retry-after"]
    said = refused.json()["message"]
    assert said == f"Terlalu banyak pencarian dari koneksi internet ini. Coba lagi dalam {seconds} detik."
    assert english.json()["message"].startswith("Too many searches from this internet connection.")
