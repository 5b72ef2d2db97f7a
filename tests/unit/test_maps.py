"""The folium builders: local assets only, escaped user text, markers findable, picker protocol."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from pengaduan_app.maps import picker, public_map
from pengaduan_app.maps.assets import (
    LEAFLET_CSS,
    LEAFLET_JS,
    MARKERCLUSTER_CSS,
    MARKERCLUSTER_JS,
    static_mounts,
)
from pengaduan_app.maps.base import make_map, render
from pengaduan_app.maps.picker import build_location_picker
from pengaduan_app.maps.public_map import MapMarker, build_public_map

TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
ATTRIBUTION = "&copy; OpenStreetMap contributors"
CENTER = (-6.2, 106.83)
PUBLIC_LABELS = {
    "map_label": "Peta laporan warga",
    "view_report": "Lihat laporan",
    "support_count": "{count} dukungan",
    "cluster_count": "{count} laporan",
}
PICKER_LABELS = {
    "map_label": "Peta untuk memilih lokasi laporan",
    "picker_hint": "Ketuk peta atau tekan Enter untuk menandai titik tengah.",
    "marker_label": "Lokasi laporan",
}
IMG_ATTACK = "<img src=x onerror=alert(1)>"
SCRIPT_ATTACK = "</script><script>alert(1)</script>"


def marker(code: str = "JKT-2611-00042", **changes) -> MapMarker:
    base = MapMarker(
        tracking_code=code,
        title="Jalan berlubang",
        category_label="Jalan rusak",
        status="new",
        status_label="Menunggu",
        status_color="#dc2626",
        age_label="2 hari lalu",
        url=f"/laporan/{code}",
        latitude=-6.2,
        longitude=106.83,
        support_count=3,
    )
    return dataclasses.replace(base, **changes)


def public_page(markers: list[MapMarker], labels: dict = PUBLIC_LABELS) -> str:
    return build_public_map(markers, tile_url=TILE_URL, attribution=ATTRIBUTION, center=CENTER, zoom=12, labels=labels)


def picker_page(initial: tuple[float, float] | None = None, labels: dict = PICKER_LABELS) -> str:
    return build_location_picker(
        tile_url=TILE_URL, attribution=ATTRIBUTION, center=CENTER, zoom=12, initial=initial, labels=labels
    )


def test_static_mounts_hold_the_assets_the_pages_use():
    """Served over HTTP in test_maps_browser.py; here only that each URL maps to a file."""
    mounts = {mount.path: Path(mount.app.directory) for mount in static_mounts()}
    for url in (LEAFLET_JS, LEAFLET_CSS, MARKERCLUSTER_JS, MARKERCLUSTER_CSS, "/static/leaflet/images/marker-icon.png"):
        [(prefix, directory)] = [(p, d) for p, d in mounts.items() if url.startswith(p + "/")]
        assert (directory / url.removeprefix(prefix + "/")).is_file(), url


@pytest.mark.parametrize(
    "page",
    [lambda: public_page([marker()]), picker_page, lambda: render(make_map(CENTER, 11, TILE_URL, ATTRIBUTION))],
    ids=["public", "picker", "base"],
)
def test_pages_load_only_local_assets(page):
    html = page()
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {TILE_URL}
    assert f'<script src="{LEAFLET_JS}">' in html
    assert f'href="{LEAFLET_CSS}"' in html
    for unwanted in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers", "$("):
        assert unwanted not in html.lower()


def test_public_map_loads_local_markercluster():
    html = public_page([marker()])
    assert f'<script src="{MARKERCLUSTER_JS}">' in html
    assert f'href="{MARKERCLUSTER_CSS}"' in html


@pytest.mark.parametrize("attack", [IMG_ATTACK, SCRIPT_ATTACK, "`${alert(1)}`\\"])
def test_user_text_is_escaped(attack):
    html = public_page([marker(title=attack, category_label=attack, age_label=attack, status_label=attack)])
    benign = public_page([marker()])
    assert "alert(1)" in html
    assert "<img" not in html
    assert html.count("<script") == benign.count("<script")
    assert html.count("</script>") == benign.count("</script>")
    if "<" in attack:
        assert attack.replace("<", "&lt;").replace(">", "&gt;") in html


def test_markers_carry_their_tracking_code_and_link():
    codes = ["JKT-2611-00001", "JKT-2611-00002"]
    html = public_page([marker(code) for code in codes])
    assert '"pg-marker pg-" + m.code' in html
    for code in codes:
        assert f'"code": "{code}"' in html
        assert f'href=\\"/laporan/{code}\\" target=\\"_top\\"' in html
    assert "Lihat laporan" in html
    assert "3 dukungan" in html


def test_status_has_a_glyph_besides_its_colour():
    html = public_page([marker(status="resolved", status_label="Selesai", status_color="#16a34a")])
    assert "background:#16a34a" in html
    assert "\u2713" in html


@pytest.mark.parametrize(
    "changes",
    [
        {"tracking_code": 'x" onmouseover="alert(1)'},
        {"status_color": "red;background:url(x)"},
        {"url": "javascript:alert(1)"},
        {"latitude": 91.0},
        {"longitude": float("nan")},
        {"status": "nonsense"},
    ],
)
def test_map_marker_rejects_values_that_reach_markup(changes):
    with pytest.raises((ValueError, KeyError)):
        marker(**changes)


def test_picker_speaks_the_message_protocol():
    html = picker_page()
    assert 'window.parent.postMessage({type: "pengaduan:location", lat: latlng.lat, lng: latlng.lng}, "*")' in html
    assert '"pengaduan:set-location"' in html
    assert "e.source !== window.parent" in html
    assert 'map.on("click"' in html
    assert 'marker.on("dragend"' in html
    assert 'e.key === "Enter"' in html
    assert '"aria-label", data' in html
    assert PICKER_LABELS["map_label"] in html
    assert PICKER_LABELS["picker_hint"] in html
    assert '"initial": null' in html


def test_picker_starts_at_the_initial_point():
    html = picker_page(initial=(-6.17, 106.82))
    assert '"initial": [-6.17, 106.82]' in html
    assert "center: [-6.17, 106.82]" in html
    with pytest.raises(ValueError):
        picker_page(initial=(200.0, 0.0))


@pytest.mark.parametrize(
    ("build", "labels", "keys"),
    [
        (lambda labels: public_page([marker()], labels), PUBLIC_LABELS, public_map.LABEL_KEYS),
        (lambda labels: picker_page(labels=labels), PICKER_LABELS, picker.LABEL_KEYS),
    ],
    ids=["public", "picker"],
)
def test_builders_need_every_documented_label(build, labels, keys):
    assert set(labels) == set(keys)
    for key in keys:
        with pytest.raises(KeyError):
            build({k: v for k, v in labels.items() if k != key})
