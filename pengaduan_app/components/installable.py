"""What every page's <head> carries so the app can be installed and comes back quickly on a phone:
favicon, web app manifest, theme colour, the service worker (/sw.js) and the photo script (/photos.js)."""

import reflex as rx

THEME_COLOUR = "#0f5132"  # --brand in styles.css

# Registers /sw.js, then hands it this page, its map frames and what they loaded before the worker was in control.
_REGISTER_SERVICE_WORKER = """
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) {
      var urls = [];
      var collect = function (win) {
        urls.push(win.location.href);
        win.performance.getEntriesByType('resource').forEach(function (entry) { urls.push(entry.name); });
      };
      collect(window);
      document.querySelectorAll('iframe').forEach(function (frame) {
        try { collect(frame.contentWindow); } catch (e) { /* another origin's frame */ }
      });
      registration.active.postMessage({type: 'pengaduan:store', urls: urls});
    }).catch(function () {});
}
"""


def installable_head() -> list[rx.Component]:
    return [
        rx.el.link(rel="icon", href="/favicon.ico", sizes="48x48"),
        rx.el.link(rel="icon", href="/icon-192.png", type="image/png", sizes="192x192"),
        rx.el.link(rel="apple-touch-icon", href="/apple-touch-icon.png"),
        rx.el.link(rel="manifest", href="/manifest.json"),
        rx.el.meta(name="theme-color", content=THEME_COLOUR),
        # In the page's own HTML (not added after the app starts, as rx.script does): a photo chosen at once,
        # before the app has loaded, is still shrunk.
        rx.el.script(src="/photos.js", defer=True),
        rx.script(_REGISTER_SERVICE_WORKER),
    ]
