"""A choropleth of one share per area (e.g. within SLA per kecamatan) for the performance page.

Polygons are simplified for the screen; areas known only by an approximate
centre are drawn as circles there. Colour always comes with the number in the
tooltip and in the page's table, so nothing is told by colour alone.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import shapely

from .base import MapScript, add_style, make_map, render

NO_DATA = "#9ca3af"
# From poor to good: red, orange, yellow, light green, green.
SCALE = ("#b91c1c", "#ea580c", "#eab308", "#65a30d", "#15803d")
SIMPLIFY_DEGREES = 0.0004  # about 40 m: invisible at city zoom, a tenth of the bytes


@dataclass(frozen=True)
class ShadedArea:
    name: str
    geometry: str | None  # GeoJSON text, or None for an approximate area
    centroid: tuple[float, float]
    value: float | None  # 0..1
    value_label: str


def color_for(value: float | None) -> str:
    if value is None:
        return NO_DATA
    return SCALE[min(int(value * len(SCALE)), len(SCALE) - 1)]


def _feature(area: ShadedArea) -> dict:
    if area.geometry:
        shape = shapely.from_geojson(area.geometry).simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        geometry = json.loads(shapely.to_geojson(shape, indent=None))
    else:
        geometry = {"type": "Point", "coordinates": [area.centroid[1], area.centroid[0]]}
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "tooltip": f"{html.escape(area.name)}: {html.escape(area.value_label)}",
            "color": color_for(area.value),
        },
    }


_CSS = """
.pg-legend {background: #fff; padding: 6px 8px; border-radius: 6px; font: 12px/1.4 sans-serif;
  box-shadow: 0 1px 4px rgba(0,0,0,.3);}
.pg-legend i {display: inline-block; width: 14px; height: 10px; margin-right: 4px; border: 1px solid #1f2937;}
"""


def _legend(labels: dict) -> str:
    steps = len(SCALE)
    rows = [
        f'<div><i style="background:{color}"></i>{int(i * 100 / steps)}–{int((i + 1) * 100 / steps)} %</div>'
        for i, color in enumerate(SCALE)
    ]
    rows.append(f'<div><i style="background:{NO_DATA}"></i>{html.escape(labels["no_data"])}</div>')
    return f"<strong>{html.escape(labels['legend_title'])}</strong>" + "".join(rows)


def build_choropleth(
    areas: list[ShadedArea], *, tile_url: str, attribution: str, center, zoom: int, labels: dict, frame_labels: dict
) -> str:
    """The full HTML page. `labels`: legend_title, no_data; `frame_labels` are make_map's."""
    m = make_map(center, zoom, tile_url, attribution, labels=frame_labels)
    add_style(m, _CSS)
    data = {"features": [_feature(a) for a in areas], "legend": _legend(labels)}
    MapScript("choropleth", data, script="choropleth").add_to(m)
    return render(m)
