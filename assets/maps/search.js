/* The place search on a map frame: a form at the top of the map that asks the app's search endpoint
 * (`/api/cari`: area names, and streets and places when a geocoder is set) and lists what it found.
 *
 * pengaduanMaps.search(map, data, pick): data = {url, lang, labels: {field, button, none, error, searching}};
 * choosing a result moves the map there (an area: its whole box; a point: close in) and calls
 * pick(result) with {label, detail, lat, lng, bbox}. Every text is set with textContent.
 */
"use strict";
pengaduanMaps.search = function (map, data, pick) {
  var el = pengaduanMaps.el, labels = data.labels, pending = null;
  var control = L.control({position: "topright"});
  control.onAdd = function () {
    var root = el("div", "pg-search");
    var form = el("form", "", "", root);
    form.setAttribute("role", "search");
    var input = el("input", "pg-search-input", "", form);
    input.type = "search"; input.name = "q"; input.id = "pg-search-q"; input.maxLength = 100;
    input.placeholder = labels.field; input.setAttribute("aria-label", labels.field);
    input.autocomplete = "off"; input.enterKeyHint = "search";
    var button = el("button", "pg-search-go", labels.button, form);
    button.type = "submit";
    var status = el("p", "pg-search-status", "", root);
    status.setAttribute("role", "status");
    var list = el("ul", "pg-search-results", "", root);
    var credit = el("p", "pg-search-credit", "", root);

    function clear() { list.textContent = ""; credit.textContent = ""; }
    function show(results, attribution) {
      clear();
      status.textContent = results.length ? "" : labels.none;
      results.forEach(function (r) {
        var item = el("li", "", "", list), choose = el("button", "pg-search-result", "", item);
        choose.type = "button";
        el("span", "pg-search-name", r.label, choose);
        if (r.detail) { el("span", "pg-search-detail", r.detail, choose); }
        // The list goes away under this click: it must not reach the map (the picker would put its pin here).
        choose.addEventListener("click", function (e) { L.DomEvent.stop(e); go(r); });
      });
      credit.textContent = results.length && attribution ? attribution : "";
      var first = list.querySelector("button");
      if (first && document.activeElement !== input) { first.focus(); }
    }
    function go(r) {
      clear();
      status.textContent = "";
      input.value = r.label;
      if (r.bbox) { map.fitBounds([[r.bbox[1], r.bbox[0]], [r.bbox[3], r.bbox[2]]], {maxZoom: 17}); }
      else { map.setView([r.lat, r.lng], 17); }
      if (pick) { pick(r); }
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = input.value.trim();
      if (!q) { clear(); return; }
      if (pending) { pending.abort(); }
      var mine = pending = new AbortController();
      status.textContent = labels.searching;
      fetch(data.url + "?" + new URLSearchParams({q: q, lang: data.lang}).toString(),
            {signal: mine.signal, credentials: "same-origin"})
        .then(function (r) {
          // Too many searches: the server's own words (they say when to try again).
          if (r.status === 429) { return r.json().then(function (d) { throw {name: "Limited", message: d.message}; }); }
          if (!r.ok) { throw new Error(String(r.status)); }
          return r.json();
        })
        .then(function (d) { if (pending === mine) { pending = null; show(d.results, d.attribution); } })
        .catch(function (e) {
          if (e.name !== "AbortError") { clear(); status.textContent = e.name === "Limited" ? e.message : labels.error; }
        });
    });
    input.addEventListener("keydown", function (e) { if (e.key === "Escape") { clear(); } });
    L.DomEvent.disableClickPropagation(root);
    L.DomEvent.disableScrollPropagation(root);
    return root;
  };
  control.addTo(map);
  return control;
};
