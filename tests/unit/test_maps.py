"""The folium builders: local assets only, no report in the public page, the message protocols."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pengaduan_app.domain.public_reports import FILTER_NAMES
from pengaduan_app.domain.status import PUBLIC_STATUSES
from pengaduan_app.maps import picker, public_map
from pengaduan_app.maps.assets import (
    LEAFLET_CSS,
    LEAFLET_JS,
    MARKERCLUSTER_CSS,
    MARKERCLUSTER_JS,
    static_mounts,
)
from pengaduan_app.maps.base import make_map, marker_cluster, render
from pengaduan_app.maps.picker import build_location_picker
from pengaduan_app.maps.public_map import build_public_map

TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
ATTRIBUTION = "&copy; OpenStreetMap contributors"
CENTER = (-6.2, 106.83)
PUBLIC_LABELS = {
    "map_label": "Peta laporan warga",
    "view_report": "Lihat laporan",
    "supporters": "{count} dukungan",
    "cluster_count": "{count} laporan",
    "support": "Saya juga",
    "loading": "Memuat laporan…",
    "error": "Laporan tidak dapat dimuat.",
    "truncated": "Hanya 500 laporan terbaru.",
}
STATUS_LABELS = {
    "waiting": "Menunggu",
    "in_progress": "Diproses",
    "done": "Selesai",
    "rejected": "Ditolak",
    "reopened": "Dibuka kembali",
}
PICKER_LABELS = {
    "map_label": "Peta untuk memilih lokasi laporan",
    "picker_hint": "Ketuk peta atau tekan Enter untuk menandai titik tengah.",
    "marker_label": "Lokasi laporan",
}
IMG_ATTACK = "<img src=x onerror=alert(1)>"
SCRIPT_ATTACK = "</script><script>alert(1)</script>"


def public_page(labels: dict = PUBLIC_LABELS, **changes) -> str:
    args = dict(
        tile_url=TILE_URL,
        attribution=ATTRIBUTION,
        center=CENTER,
        zoom=12,
        labels=labels,
        status_labels=STATUS_LABELS,
        filters={},
        filter_names=FILTER_NAMES,
    )
    return build_public_map(**{**args, **changes})


def picker_page(initial: tuple[float, float] | None = None, labels: dict = PICKER_LABELS) -> str:
    return build_location_picker(
        tile_url=TILE_URL, attribution=ATTRIBUTION, center=CENTER, zoom=12, initial=initial, labels=labels
    )


def test_static_mounts_hold_the_assets_the_pages_use():
    """Served over HTTP in tests/e2e/test_location_picker.py; here only that each URL maps to a file."""
    mounts = {mount.path: Path(mount.app.directory) for mount in static_mounts()}
    for url in (LEAFLET_JS, LEAFLET_CSS, MARKERCLUSTER_JS, MARKERCLUSTER_CSS, "/static/leaflet/images/marker-icon.png"):
        [(prefix, directory)] = [(p, d) for p, d in mounts.items() if url.startswith(p + "/")]
        assert (directory / url.removeprefix(prefix + "/")).is_file(), url


@pytest.mark.parametrize(
    "page",
    [public_page, picker_page, lambda: render(make_map(CENTER, 11, TILE_URL, ATTRIBUTION))],
    ids=["public", "picker", "base"],
)
def test_pages_load_only_local_assets(page):
    html = page()
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {TILE_URL}
    assert f'<script src="{LEAFLET_JS}">' in html
    assert f'href="{LEAFLET_CSS}"' in html
    for unwanted in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers", "$("):
        assert unwanted not in html.lower()


def test_marker_cluster_loads_the_local_plugin():
    m = make_map(CENTER, 11, TILE_URL, ATTRIBUTION)
    marker_cluster().add_to(m)
    html = render(m)
    assert f'<script src="{MARKERCLUSTER_JS}">' in html
    assert f'href="{MARKERCLUSTER_CSS}"' in html


@pytest.mark.parametrize("attack", [IMG_ATTACK, SCRIPT_ATTACK, "`${alert(1)}`\\"])
def test_text_handed_to_the_script_cannot_break_out(attack):
    html = public_page(labels={**PUBLIC_LABELS, "map_label": attack, "support": attack}, filters={"category": attack})
    benign = public_page()
    assert "alert(1)" in html
    assert "<img" not in html
    assert html.count("<script") == benign.count("<script")
    assert html.count("</script>") == benign.count("</script>")


def test_public_map_fetches_by_viewport_and_speaks_the_protocol():
    html = public_page(filters={"status": "done"}, focus="JKT-2611-00042")
    script = html[html.index("var map = target") :]
    assert '"dataUrl": "/api/map"' in html and '"detailUrl": "/api/map/report/"' in html
    assert '"filters": {"status": "done"}' in html and '"focus": "JKT-2611-00042"' in html
    assert 'map.on("moveend", later)' in script and "AbortController" in script
    assert '"pengaduan:viewport"' in script and '"pengaduan:support"' in script
    assert '"pengaduan:filters"' in script and '"pengaduan:support-result"' in script
    assert "e.source !== window.parent || e.origin !== window.location.origin" in script
    assert 'className: "pg-marker pg-" + p[0]' in script
    assert "innerHTML" not in script and "bindPopup(function" in script
    assert '"minZoom": 9' in html


def test_status_has_a_glyph_besides_its_colour():
    html = public_page()
    for status in PUBLIC_STATUSES:
        look = {"label": STATUS_LABELS[status.code], "color": status.color, "text": status.text_color}
        assert json.dumps({**look, "glyph": public_map.STATUS_GLYPHS[status.code]}, ensure_ascii=False) in html


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
        (lambda labels: public_page(labels=labels), PUBLIC_LABELS, public_map.LABEL_KEYS),
        (lambda labels: picker_page(labels=labels), PICKER_LABELS, picker.LABEL_KEYS),
    ],
    ids=["public", "picker"],
)
def test_builders_need_every_documented_label(build, labels, keys):
    assert set(labels) == set(keys)
    for key in keys:
        with pytest.raises(KeyError):
            build({k: v for k, v in labels.items() if k != key})
