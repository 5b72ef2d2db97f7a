/* The public map's first view, before Leaflet: inlined in <body> right after the map's element (a request of
 * its own would wait), with `window.pengaduanFirstView` (center, zoom, filters, focus, the server's `sketch`
 * and the status `looks`) set just before it. It works out the view exactly as Leaflet will (EPSG:3857, the
 * pixel origin rounded, the map's element as large as it is now), then
 * 1. draws the sketch: the first view's clusters and pins (numbers only: no title, no code) where and as
 *    Leaflet will draw them (an icon's middle on its point, rounded and stacked as Leaflet does), on Leaflet's
 *    grey. A phone on slow data sees where the reports are before the map's scripts arrive; after_paint.js
 *    runs those once this has been painted. It is a picture: not clickable, hidden from screen readers, and
 *    public_map.js removes it when the map draws its own markers or moves;
 * 2. fetches the view's /api/map answer (its box with five decimals, as `bbox()` in public_map.js) while Leaflet
 *    downloads; public_map.js takes `pengaduanFirstView.first` ({url, promise, data}) for its first request of
 *    the same address.
 * A focused map moves before it asks, so it sketches and fetches nothing.
 */
"use strict";
(function (d, box) {
  var R = 6378137, k = 0.5 / (Math.PI * R), s = 256 * Math.pow(2, d.zoom), rad = Math.PI / 180, deg = 180 / Math.PI;
  var w = box.clientWidth, h = box.clientHeight, HALF = 22;  // half the map's 44 px icons
  if (d.focus || !w || !h) { return; }
  function pixel(lat, lng) {
    var sin = Math.sin(Math.max(Math.min(85.0511287798, lat), -85.0511287798) * rad);
    return [s * (k * (R * lng * rad) + 0.5), s * (-k * (R * Math.log((1 + sin) / (1 - sin)) / 2) + 0.5)];
  }
  var middle = pixel(d.center[0], d.center[1]);
  var left = Math.round(middle[0] - w / 2), top = Math.round(middle[1] - h / 2);

  function sketch(view) {
    var layer = document.createElement("div");
    layer.className = "pg-sketch";
    layer.setAttribute("aria-hidden", "true");
    function spot(cls, lat, lng, inner) {
      var at = pixel(lat, lng), outer = document.createElement("div"), mark = document.createElement("span");
      var x = Math.round(at[0]) - left, y = Math.round(at[1]) - top;
      outer.className = cls;
      outer.style.left = (x - HALF) + "px";
      outer.style.top = (y - HALF) + "px";
      outer.style.zIndex = String(y);  // as Leaflet stacks markers: the lower one in front
      mark.className = inner;
      outer.appendChild(mark);
      layer.appendChild(outer);
      return mark;
    }
    view.clusters.forEach(function (c) { spot("pg-cluster", c[0], c[1], "pg-count").textContent = String(c[2]); });
    view.points.forEach(function (p) {
      var look = d.looks[p[2]] || d.looks.waiting, pin = spot("pg-marker", p[0], p[1], "pg-pin");
      pin.textContent = look.glyph; pin.style.background = look.color; pin.style.color = look.text;
    });
    box.appendChild(layer);
  }
  if (d.sketch) { sketch(d.sketch); }

  function lng(px) { return ((px / s - 0.5) / k) * deg / R; }
  function lat(py) { return (2 * Math.atan(Math.exp(((py / s - 0.5) / -k) / R)) - Math.PI / 2) * deg; }
  function c(v, limit) { return Number(Math.max(-limit, Math.min(limit, v)).toFixed(5)); }
  var bbox = [c(lng(left), 180), c(lat(top + h), 90), c(lng(left + w), 180), c(lat(top), 90)];
  var query = new URLSearchParams({bbox: bbox.join(","), zoom: String(d.zoom)});
  Object.keys(d.filters).forEach(function (name) { if (d.filters[name]) { query.set(name, d.filters[name]); } });
  var first = d.first = {url: d.dataUrl + "?" + query.toString(), data: null};
  first.promise = fetch(first.url, {credentials: "same-origin"})
    .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
    .then(function (answer) { first.data = answer; return answer; });
  first.promise.catch(function () {});  // the map script says it, when it takes this answer
})(window.pengaduanFirstView, document.querySelector(".folium-map"));
