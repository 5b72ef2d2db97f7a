/* Runs in <head> before Leaflet loads: works out the first view exactly as Leaflet will (EPSG:3857, the pixel
 * origin rounded, the container as large as the frame) and
 * - keeps `pixel(lat, lng)` (world pixels at the first zoom) and `origin` (the view's top-left world pixel) for
 *   sketch.js, which draws the first view's reports before Leaflet has loaded;
 * - fetches that view's /api/map answer (its box with five decimals, as `bbox()` in public_map.js), so the data
 *   travels while Leaflet downloads and parses. public_map.js takes `pengaduanFirstView.first`
 *   ({url, promise, data}) for its first request of the same address.
 * A focused map moves before it asks, so it fetches and sketches nothing.
 */
"use strict";
(function (d) {
  var R = 6378137, k = 0.5 / (Math.PI * R), s = 256 * Math.pow(2, d.zoom), page = document.documentElement;
  var w = page.clientWidth, h = page.clientHeight, rad = Math.PI / 180, deg = 180 / Math.PI;
  d.pixel = function (lat, lng) {
    var sin = Math.sin(Math.max(Math.min(85.0511287798, lat), -85.0511287798) * rad);
    return [s * (k * (R * lng * rad) + 0.5), s * (-k * (R * Math.log((1 + sin) / (1 - sin)) / 2) + 0.5)];
  };
  if (d.focus || !w || !h) { return; }
  var middle = d.pixel(d.center[0], d.center[1]);
  var left = Math.round(middle[0] - w / 2), top = Math.round(middle[1] - h / 2);
  d.origin = [left, top];
  function lng(px) { return ((px / s - 0.5) / k) * deg / R; }
  function lat(py) { return (2 * Math.atan(Math.exp(((py / s - 0.5) / -k) / R)) - Math.PI / 2) * deg; }
  function c(v, limit) { return Number(Math.max(-limit, Math.min(limit, v)).toFixed(5)); }
  var box = [c(lng(left), 180), c(lat(top + h), 90), c(lng(left + w), 180), c(lat(top), 90)];
  var query = new URLSearchParams({bbox: box.join(","), zoom: String(d.zoom)});
  Object.keys(d.filters).forEach(function (name) { if (d.filters[name]) { query.set(name, d.filters[name]); } });
  var first = d.first = {url: d.dataUrl + "?" + query.toString(), data: null};
  first.promise = fetch(first.url, {credentials: "same-origin"})
    .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
    .then(function (answer) { first.data = answer; return answer; });
  first.promise.catch(function () {});  // the map script says it, when it takes this answer
})(window.pengaduanFirstView);
