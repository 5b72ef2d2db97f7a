/* Pengaduan's service worker: a second visit on mobile data draws the app from the phone.

   - the compiled app (/assets/*: file names carry their content hash): from the cache once stored, else the
     network (and then stored);
   - Leaflet (/static/*: same address across versions), the stylesheets, /photos.js, icons and manifest: from
     the cache at once, refreshed in the background for the next visit;
   - pages and the map frames: the network first (they must be current), the stored copy when offline
     (a reload of /lapor on an offline phone still opens the form, and photos.js brings back the draft);
   - everything else (state over /_event, uploads, /api, /media, staff originals, Open311): the network only.
*/
"use strict";

const CACHE = "pengaduan-shell-v1";
const SHELL = ["/", "/lapor/", "/styles.css", "/staff.css", "/photos.js", "/manifest.json", "/favicon.ico", "/icon-192.png"];
const NETWORK_ONLY = ["/_event", "/_upload", "/api/", "/media/", "/staf/asli/", "/open311/"];
const REFRESHED = /\.(?:js|css|png|ico|json|svg)$/;
// Responses vary on Origin (CORS) and Accept-Encoding; a module script's request carries an Origin that the
// request which stored it did not, and a stored copy is the same file either way.
const MATCH = { ignoreVary: true };

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => Promise.all(SHELL.map((url) => cache.add(url).catch(() => undefined)))),
  );
  self.skipWaiting();
});

// The page that registered this worker loaded its scripts before the worker controlled it: it sends their
// addresses so they are stored too (the compiled app's file names are only known to the page).
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "pengaduan:store" || !Array.isArray(data.urls)) return;
  const wanted = data.urls.filter((url) => {
    const address = new URL(url, self.location.origin);
    return address.origin === self.location.origin && !NETWORK_ONLY.some((prefix) => address.pathname.startsWith(prefix));
  });
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(wanted.map((url) => cache.add(url).catch(() => undefined)))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

function store(request, response) {
  if (response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

function cacheFirst(request) {
  return caches.match(request, MATCH).then((hit) => hit || fetch(request).then((response) => store(request, response)));
}

function refreshedInBackground(request) {
  const fresh = fetch(request).then((response) => store(request, response));
  return caches.match(request, MATCH).then((hit) => {
    if (hit) {
      fresh.catch(() => undefined);
      return hit;
    }
    return fresh;
  });
}

function networkFirst(request) {
  const fallback = request.destination === "document" ? "/" : null; // never the whole app inside a map frame
  return fetch(request)
    .then((response) => store(request, response))
    .catch(() => caches.match(request, MATCH).then((hit) => hit || (fallback && caches.match(fallback, MATCH)) || Response.error()));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NETWORK_ONLY.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith("/assets/")) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.startsWith("/static/") || REFRESHED.test(url.pathname)) {
    event.respondWith(refreshedInBackground(request));
  }
});
