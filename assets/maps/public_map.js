/* The public map (/peta/frame): a page that carries no reports, only this script that fetches them.
 *
 * It asks the map endpoint (/api/map) for the visible box at the current zoom, draws the server's clusters
 * and points, and asks again after each pan or zoom (debounced; a newer request aborts the older one).
 * Every user text is set with textContent, never parsed as markup. Status is a glyph, a colour and a word.
 * Popups fetch their report's details when opened, and fit a 360 px phone.
 *
 * Message protocol with the parent page (postMessage, same origin only):
 * - map -> parent: {type: "pengaduan:viewport", bbox: [w, s, e, n], zoom, center: [lat, lng]} after the
 *   view settles; {type: "pengaduan:support", code, support: bool} from a popup's "Saya juga" button.
 * - parent -> map: {type: "pengaduan:filters", filters: {name: value}} (refetch, the view stays);
 *   {type: "pengaduan:view", lat, lng, zoom} (go there, e.g. after Back);
 *   {type: "pengaduan:support-result", code, supported, count, message} (update the open popup).
 * The parent must validate what it receives, as any page of the site can post messages.
 *
 * Framed in the map page `/` (same origin; an area page is its own address), the map keeps its place and
 * zoom in the parent's address (lat, lng, z; the current history entry is replaced, the parent's filters
 * stay), and after Back or Forward it tells the parent: {type: "pengaduan:address", query: "?status=...&lat=..."}.
 */
"use strict";
pengaduanMaps.publicMap = function (map, data) {
  var box = map.getContainer(), layer = L.layerGroup().addTo(map);
  var framed = window.parent !== window, CODE = /^[A-Z]{2,5}-\d{4}-\d{5,}$/;
  var filters = data.filters, focusCode = data.focus, pending = null, timer = null, draws = 0, popup = null;
  var inAddress = framed && window.parent.location.pathname === "/";
  var shown = {};  // key -> marker on the map; kept across redraws so an open popup stays open

  var el = pengaduanMaps.el;
  function post(message) { if (framed) { window.parent.postMessage(message, window.location.origin); } }
  function look(code) { return data.statuses[code] || data.statuses.waiting; }
  function count(template, n) { return template.replace("{count}", n); }

  // first_view.js's sketch of the first view, until the map draws its own markers, fails, or moves.
  var sketch = box.querySelector(".pg-sketch");
  function unsketch() { if (sketch) { sketch.remove(); sketch = null; } }
  map.on("movestart zoomstart", unsketch);

  var status = L.control({position: "bottomleft"});
  status.onAdd = function () { var d = el("div", "pg-status"); d.setAttribute("role", "status"); return d; };
  status.addTo(map);
  function say(text, state) {
    status.getContainer().textContent = text; box.dataset.state = state;
    if (state !== "loading") { unsketch(); }
  }

  function bbox() {
    var b = map.getBounds(), c = function (v, limit) { return Math.max(-limit, Math.min(limit, v)).toFixed(5); };
    return [c(b.getWest(), 180), c(b.getSouth(), 90), c(b.getEast(), 180), c(b.getNorth(), 90)].map(Number);
  }
  function refresh(tell) {
    clearTimeout(timer);
    if (pending) { pending.abort(); }
    var mine = pending = new AbortController(), view = bbox();
    var query = new URLSearchParams({bbox: view.join(","), zoom: String(map.getZoom())});
    Object.keys(filters).forEach(function (k) { if (filters[k]) { query.set(k, filters[k]); } });
    if (tell) { post({type: "pengaduan:viewport", bbox: view, zoom: map.getZoom()}); }
    if (tell === "moved" && inAddress) { keepView(); }
    var url = data.dataUrl + "?" + query.toString(), early = takeFirst(url);
    if (early && early.data) { pending = null; draw(early.data); return; }
    say(data.labels.loading, "loading");
    (early ? early.promise : fetch(url, {signal: mine.signal, credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); }))
      .then(function (d) { if (pending === mine) { pending = null; draw(d); } })
      .catch(function (e) { if (e.name !== "AbortError" && pending === mine) { say(data.labels.error, "error"); } });
  }
  // The answer first_view.js asked for before Leaflet loaded, if this request is the same one; taken once.
  function takeFirst(url) {
    var view = window.pengaduanFirstView, first = view && view.first;
    if (!first || first.url !== url) { return null; }
    view.first = null;
    return first;
  }
  function keepView() {
    var page = window.parent, query = new URLSearchParams(page.location.search), c = map.getCenter();
    query.set("lat", c.lat.toFixed(5)); query.set("lng", c.lng.toFixed(5)); query.set("z", String(map.getZoom()));
    var url = page.location.pathname + "?" + query.toString();
    if (url !== page.location.pathname + page.location.search) { page.history.replaceState(page.history.state, "", url); }
  }
  // Only a move goes into the address: the first view came from it (or is the city), and the frame the
  // page's HTML starts loading must not write over a shared link's view before the page has read it.
  function later() { clearTimeout(timer); timer = setTimeout(function () { refresh("moved"); }, data.debounce); }

  function clusterMarker(c) {
    var icon = el("span", "pg-count");
    el("span", "", String(c[2]), icon).setAttribute("aria-hidden", "true");
    el("span", "pg-sr", count(data.labels.cluster, c[2]), icon);
    var m = L.marker([c[0], c[1]], {icon: L.divIcon({className: "pg-cluster", html: icon, iconSize: [44, 44]})});
    m.on("click", function () {
      var keyboard = document.activeElement === m.getElement();
      map.setView(m.getLatLng(), Math.min(map.getZoom() + 2, data.pointsZoom));
      if (keyboard) { box.focus(); }
    });
    return m;
  }
  function glyph(cls, s) {
    var dot = el("span", cls, look(s).glyph);
    dot.style.background = look(s).color; dot.style.color = look(s).text;
    dot.setAttribute("aria-hidden", "true");
    return dot;
  }
  function pointMarker(p) {
    var icon = el("span", "pg-hit");
    icon.appendChild(glyph("pg-pin", p[3]));
    el("span", "pg-sr", p[4] + ", " + look(p[3]).label, icon);
    var m = L.marker([p[1], p[2]], {
      icon: L.divIcon({className: "pg-marker pg-" + p[0], html: icon, iconSize: [44, 44]}), riseOnHover: true
    });
    // Narrow enough for a 360 px phone: the popup, its tip and the map's edges all stay on screen.
    var room = Math.max(160, box.clientWidth - 90);
    m.bindPopup(function () { return popupFor(p); }, {minWidth: Math.min(200, room), maxWidth: Math.min(300, room),
      autoPanPadding: [12, 12]});
    m.on("popupopen", function (e) {
      var first = e.popup.getElement().querySelector(".pg-title");
      if (document.activeElement === m.getElement() && first) { first.focus(); }
    });
    m.on("popupclose", function () { popup = null; });
    return m;
  }
  function popupFor(p) {
    var root = el("div", "pg-popup"), title = el("p", "pg-title", p[4], root);
    title.tabIndex = -1;
    var category = el("p", "", "", root), state = el("p", "", "", root), meta = el("p", "", "", root);
    state.appendChild(glyph("pg-dot", p[3]));
    state.appendChild(document.createTextNode(" " + look(p[3]).label));
    var actions = el("div", "pg-actions", "", root);
    var link = el("a", "", data.labels.viewReport, actions);
    link.href = "/laporan/" + p[0]; link.target = "_top";
    var button = null;
    if (framed) {
      button = el("button", "pg-support", data.labels.support, actions);
      button.type = "button"; button.disabled = true; button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        button.disabled = true;
        post({type: "pengaduan:support", code: p[0], support: button.getAttribute("aria-pressed") !== "true"});
      });
    }
    var message = el("p", "pg-msg", "", root);
    message.setAttribute("role", "status");
    popup = {code: p[0], meta: meta, button: button, message: message, age: ""};
    var mine = popup;
    fetch(data.detailUrl + encodeURIComponent(p[0]), {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (d) {
        category.textContent = d.category; mine.age = d.age;
        if (d.duplicate) { duplicateOf(mine, d, actions); }
        supported(mine, d.supported, d.count);
      })
      .catch(function () { message.textContent = data.labels.error; });
    return root;
  }
  // A duplicate offers no "Saya juga": its support went to the original, which the popup links to.
  function duplicateOf(view, d, actions) {
    if (view.button) { view.button.remove(); view.button = null; }
    var note = el("p", "pg-duplicate", d.duplicate_label + " ", actions.parentNode);
    if (d.original) {
      var original = el("a", "", d.original, note);
      original.href = "/laporan/" + encodeURIComponent(d.original); original.target = "_top";
    }
  }
  function supported(view, yes, n) {
    view.meta.textContent = view.age + " \u00b7 " + count(data.labels.supporters, n);
    if (view.button) { view.button.setAttribute("aria-pressed", yes ? "true" : "false"); view.button.disabled = false; }
  }

  function draw(d) {
    var next = {};
    d.clusters.forEach(function (c) { var k = "c" + c.join(","); next[k] = shown[k] || clusterMarker(c); });
    d.points.forEach(function (p) {
      if (CODE.test(p[0])) { var k = "p" + p[0]; next[k] = shown[k] || pointMarker(p); }
    });
    Object.keys(shown).forEach(function (k) { if (!next[k]) { layer.removeLayer(shown[k]); } });
    Object.keys(next).forEach(function (k) { if (!shown[k]) { layer.addLayer(next[k]); } });
    shown = next;
    draws += 1;
    box.dataset.draws = String(draws);
    say(d.truncated ? data.labels.truncated : "", "ready");
    if (focusCode && next["p" + focusCode]) { next["p" + focusCode].openPopup(); focusCode = ""; }
  }

  window.addEventListener("message", function (e) {
    var d = e.data;
    if (e.source !== window.parent || e.origin !== window.location.origin || !d || typeof d !== "object") { return; }
    if (d.type === "pengaduan:filters" && d.filters && typeof d.filters === "object") {
      filters = {};
      data.filterNames.forEach(function (k) {
        var v = d.filters[k];
        if (typeof v === "string" && v.length <= 40) { filters[k] = v; }
      });
      refresh(false);
    } else if (d.type === "pengaduan:view") {
      var lat = Number(d.lat), lng = Number(d.lng), zoom = Number(d.zoom);
      if (Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && zoom >= map.getMinZoom() && zoom <= map.getMaxZoom()) {
        map.setView([lat, lng], zoom, {animate: false});
      }
    } else if (d.type === "pengaduan:support-result" && popup && popup.code === d.code) {
      popup.message.textContent = typeof d.message === "string" ? d.message : "";
      if (typeof d.count === "string") { supported(popup, d.supported === true, d.count); }
      else if (popup.button) { popup.button.disabled = false; }
    }
  });
  map.on("moveend", later);
  pengaduanMaps.search(map, data.search, null);
  if (inAddress) {
    var told = function () { post({type: "pengaduan:address", query: window.parent.location.search}); };
    window.parent.addEventListener("popstate", told);
    // The page outlives this frame (a new address is a new frame): the page must not call into a gone one.
    // A frame kept for Back (the tab's back-forward cache, `persisted`) keeps listening.
    window.addEventListener("pagehide", function (e) {
      if (!e.persisted) { window.parent.removeEventListener("popstate", told); }
    });
  }
  if (focusCode && CODE.test(focusCode)) {
    fetch(data.detailUrl + encodeURIComponent(focusCode), {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (d) { map.setView([d.lat, d.lng], data.focusZoom, {animate: false}); later(); })
      .catch(function () { focusCode = ""; refresh(true); });
  } else {
    focusCode = "";
    refresh(true);
  }
};
