"""Staff maps. The report page's: the report's pin, which the officer may drag to correct it, and the other
reports near it. The queue's: every report the queue's filters select. Reports are circles in their public
status colour; a popup links to each one's staff page.

The report page's map is the location picker (same messages to the parent: `pengaduan:location` when the
pin is dropped or the map tapped) with one more layer. Titles are set with `textContent`, never parsed as
markup.
"""

from __future__ import annotations

from .base import MapScript, add_style, make_map, render
from .picker import location_picker_map

_ZOOM = 17

_CSS = """
.pg-near {min-width: 10rem; font-size: .9rem; line-height: 1.35;}
.pg-near a {display: inline-flex; align-items: center; min-height: 44px; font-weight: bold;}
.pg-near p {margin: 0 0 .2rem; overflow-wrap: anywhere;}
"""

_NEARBY_JS = """
data.pins.forEach(function (pin) {
  var circle = L.circleMarker([pin.lat, pin.lng], {radius: 9, weight: 2, color: "#1f2937",
    fillColor: pin.color, fillOpacity: 0.9, bubblingMouseEvents: false});
  var box = document.createElement("div"), title = document.createElement("p"), link = document.createElement("a");
  box.className = "pg-near";
  title.textContent = pin.title + " \\u00b7 " + pin.status;
  link.textContent = pin.code;
  link.href = "/staf/laporan/" + encodeURIComponent(pin.code);
  link.target = "_top";
  box.appendChild(title);
  box.appendChild(link);
  circle.bindPopup(box);
  circle.bindTooltip(pin.title);
  circle.addTo(target);
});
if (data.fit && data.pins.length) {
  target.fitBounds(data.pins.map(function (pin) { return [pin.lat, pin.lng]; }), {padding: [24, 24], maxZoom: 16});
}
"""


def build_staff_map(
    *,
    tile_url: str,
    attribution: str,
    pin: tuple[float, float],
    nearby: list[dict],
    labels: dict,
) -> str:
    """`nearby`: dicts with code, title, status (a word), color, lat, lng; `labels` as the picker's."""
    m = location_picker_map(
        tile_url=tile_url, attribution=attribution, center=pin, zoom=_ZOOM, initial=pin, labels=labels
    )
    add_style(m, _CSS)
    MapScript(_NEARBY_JS, {"pins": nearby, "fit": False}).add_to(m)
    return render(m)


def build_queue_map(
    *, tile_url: str, attribution: str, center: tuple[float, float], zoom: int, pins: list[dict], label: str
) -> str:
    """The queue's reports (`pins` as `build_staff_map`'s `nearby`), the view fitted to them."""
    m = make_map(center, zoom, tile_url, attribution, label=label)
    add_style(m, _CSS)
    MapScript(_NEARBY_JS, {"pins": pins, "fit": True}).add_to(m)
    return render(m)
