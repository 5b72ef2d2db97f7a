"""The folium builders: local assets only, no report in the public page, the message protocols."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pengaduan_app.domain.public_reports import FILTER_NAMES
from pengaduan_app.domain.status import PUBLIC_STATUSES
from pengaduan_app.maps import picker, public_map
from pengaduan_app.maps.assets import (
    LEAFLET_CSS,
    LEAFLET_JS,
    MAP_SCRIPTS_DIR,
    MARKERCLUSTER_CSS,
    MARKERCLUSTER_JS,
    map_script_url,
    static_mounts,
)
from pengaduan_app.maps.base import make_map, marker_cluster, render
from pengaduan_app.maps.picker import build_location_picker
from pengaduan_app.maps.public_map import build_public_map
from tests.map_pages import first_view_of

TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
ATTRIBUTION = "&copy; OpenStreetMap contributors"
CENTER = (-6.2, 106.83)
FRAME_LABELS = {"label": "Peta laporan warga", "zoomIn": "Perbesar peta", "zoomOut": "Perkecil peta"}
SEARCH = {"url": "/api/cari", "lang": "id", "labels": {"field": "Cari", "button": "Cari"}}
PUBLIC_LABELS = {
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
    "hint_touch": "Ketuk peta untuk menandai lokasi.",
    "hint_keys": "Geser peta dengan tombol panah, lalu tekan Enter untuk menandai titik tengahnya.",
    "marker_label": "Lokasi laporan",
}
IMG_ATTACK = "<img src=x onerror=alert(1)>"
SCRIPT_ATTACK = "</script><script>alert(1)</script>"


def loaded_scripts(html: str) -> list[str]:
    """The scripts a page loads, in order: linked, or run after the first paint (the public map)."""
    after_paint = re.search(r"pengaduanAfterPaint\((\[.*?\]), function", html)
    return re.findall(r'<script src="([^"]+)"', html) + (json.loads(after_paint.group(1)) if after_paint else [])


def public_page(labels: dict = PUBLIC_LABELS, **changes) -> str:
    args = dict(
        tile_url=TILE_URL,
        attribution=ATTRIBUTION,
        center=CENTER,
        zoom=12,
        labels=labels,
        frame_labels=FRAME_LABELS,
        search=SEARCH,
        status_labels=STATUS_LABELS,
        filters={},
        filter_names=FILTER_NAMES,
    )
    return build_public_map(**{**args, **changes})


def picker_page(initial: tuple[float, float] | None = None, labels: dict = PICKER_LABELS) -> str:
    return build_location_picker(
        tile_url=TILE_URL,
        attribution=ATTRIBUTION,
        center=CENTER,
        zoom=12,
        initial=initial,
        labels=labels,
        frame_labels=FRAME_LABELS,
        search=SEARCH,
    )


def test_static_mounts_hold_the_assets_the_pages_use():
    """Served over HTTP in tests/e2e/test_location_picker.py; here only that each URL maps to a file."""
    mounts = {mount.path: Path(mount.app.directory) for mount in static_mounts()}
    scripts = [map_script_url(p.stem).split("?")[0] for p in MAP_SCRIPTS_DIR.glob("*.js")]
    assert len(scripts) >= 5
    for url in (
        LEAFLET_JS,
        LEAFLET_CSS,
        MARKERCLUSTER_JS,
        MARKERCLUSTER_CSS,
        "/static/leaflet/images/marker-icon.png",
        *scripts,
    ):
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
    assert LEAFLET_JS in loaded_scripts(html)
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
    html = public_page(
        labels={**PUBLIC_LABELS, "support": attack},
        frame_labels={**FRAME_LABELS, "label": attack},
        filters={"category": attack},
    )
    benign = public_page()
    assert "alert(1)" in html
    assert "<img" not in html
    assert html.count("<script") == benign.count("<script")
    assert html.count("</script>") == benign.count("</script>")


def _script(name: str) -> str:
    return (MAP_SCRIPTS_DIR / f"{name}.js").read_text()


@pytest.mark.parametrize("name", sorted(p.stem for p in MAP_SCRIPTS_DIR.glob("*.js")))
def test_map_scripts_are_valid_javascript(name):
    """`node --check` parses each script as the browser would (a syntax error would blank the map)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run([node, "--check", str(MAP_SCRIPTS_DIR / f"{name}.js")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_frames_link_their_scripts_in_order():
    html = public_page()
    urls = [url for url in loaded_scripts(html) if url.startswith("/static/maps/")]
    assert urls == [map_script_url("base"), map_script_url("search"), map_script_url("public_map")]
    assert "pengaduanMaps.publicMap(target, data)" in html and "pengaduanMaps.base(target, data)" in html
    assert re.findall(r'<script src="(/static/maps/[^"]+)"', picker_page())[-1] == map_script_url("picker")


def test_public_map_fetches_by_viewport_and_speaks_the_protocol():
    html = public_page(filters={"status": "done"}, focus="JKT-2611-00042")
    script = _script("public_map")
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
    script = _script("picker")
    assert 'window.parent.postMessage({type: "pengaduan:location", lat: latlng.lat, lng: latlng.lng}, "*")' in script
    assert '"pengaduan:set-location"' in script
    assert "e.source !== window.parent" in script
    assert 'map.on("click"' in script
    assert 'marker.on("dragend"' in script
    assert 'e.key === "Enter"' in script
    assert 'box.setAttribute("aria-label", data.label)' in _script("base")
    assert FRAME_LABELS["label"] in html
    assert PICKER_LABELS["hint_touch"] in html and PICKER_LABELS["hint_keys"] in html
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


def test_the_public_page_paints_before_its_scripts_and_stylesheets_run():
    """Every script and stylesheet is preloaded in the head and applied after the first paint (after_paint.js);
    the page's own script (folium's) runs once they have loaded and keeps the map on `window`."""
    html = public_page()
    head, body = html.split("</head>")
    scripts = loaded_scripts(html)
    assert "<script src=" not in html and 'rel="stylesheet"' not in html
    assert (
        re.findall(r'<link rel="preload" as="script" href="([^"]+)">', head)
        == scripts
        == [
            LEAFLET_JS,
            map_script_url("base"),
            map_script_url("search"),
            map_script_url("public_map"),
        ]
    )
    assert f'<link rel="preload" as="style" href="{LEAFLET_CSS}">' in head
    name = re.search(r'class="folium-map" id="(map_\w+)"', body).group(1)
    assert body.index('class="folium-map"') < body.index('"pg-sketch"') < body.index("pengaduanAfterPaint(")
    assert body.rstrip().endswith(f"window.{name} = {name};\n}});\n</script>\n</html>")


def test_the_sketch_is_numbers_and_only_without_a_focus():
    sketch = {"clusters": [[-6.2, 106.8, 12]], "points": [[-6.21, 106.81, "done"]]}
    view = first_view_of(public_page(sketch=sketch))
    assert view["sketch"] == sketch
    assert view["looks"] == {
        p.code: {"color": p.color, "text": p.text_color, "glyph": public_map.STATUS_GLYPHS[p.code]}
        for p in PUBLIC_STATUSES
    }
    assert first_view_of(public_page(sketch=sketch, focus="JKT-2611-00042"))["sketch"] is None
