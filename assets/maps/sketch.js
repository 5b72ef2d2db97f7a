/* Inlined in the public map's <body> right after the map's element, before any script loads: draws the first
 * view's clusters and pins (`pengaduanFirstView.sketch`, numbers the server put in the page: no title, no code)
 * where and as Leaflet will draw them (preload.js's `pixel` and `origin`; an icon's middle on its point,
 * rounded and stacked as Leaflet does), on Leaflet's grey. A phone on slow data sees where the reports are
 * before the map's scripts arrive; after_paint.js runs those scripts once this has been painted. It is a
 * picture: not clickable, hidden from screen readers, and public_map.js removes it when the map draws its own
 * markers or moves.
 */
"use strict";
(function (d, box) {
  if (!d.sketch || !d.origin || !box) { return; }
  var layer = document.createElement("div"), HALF = 22;  // half the map's 44 px icons
  layer.className = "pg-sketch";
  layer.setAttribute("aria-hidden", "true");
  function spot(cls, lat, lng, inner) {
    var at = d.pixel(lat, lng), outer = document.createElement("div"), mark = document.createElement("span");
    var x = Math.round(at[0]) - d.origin[0], y = Math.round(at[1]) - d.origin[1];
    outer.className = cls;
    outer.style.left = (x - HALF) + "px";
    outer.style.top = (y - HALF) + "px";
    outer.style.zIndex = String(y);  // as Leaflet stacks markers: the lower one in front
    mark.className = inner;
    outer.appendChild(mark);
    layer.appendChild(outer);
    return mark;
  }
  d.sketch.clusters.forEach(function (c) { spot("pg-cluster", c[0], c[1], "pg-count").textContent = String(c[2]); });
  d.sketch.points.forEach(function (p) {
    var look = d.looks[p[2]] || d.looks.waiting, pin = spot("pg-marker", p[0], p[1], "pg-pin");
    pin.textContent = look.glyph; pin.style.background = look.color; pin.style.color = look.text;
  });
  box.appendChild(layer);
})(window.pengaduanFirstView, document.querySelector(".folium-map"));
