/* The public map's page applies its stylesheets and runs its scripts only after its first paint, so what
 * first_view.js drew shows before Leaflet has loaded. The page's <head> preloads each of them (they download while
 * the page parses). Once a frame has been painted, this turns each style preload into a stylesheet in its place
 * (the cascade's order stays the page's), adds the scripts in their order (`async = false` keeps it), and when
 * all have loaded calls `start`, the page's own script (folium's, which makes the map). A frame that paints
 * nothing (hidden) starts after a moment.
 */
function pengaduanAfterPaint(urls, start) {
  "use strict";
  var begun = false;
  function run() {
    if (begun) { return; }
    begun = true;
    var styles = document.querySelectorAll('link[rel="preload"][as="style"]'), left = urls.length + styles.length;
    function loaded() { left -= 1; if (!left) { start(); } }
    if (!left) { start(); }
    styles.forEach(function (link) { link.onload = loaded; link.rel = "stylesheet"; });
    urls.forEach(function (url) {
      var script = document.createElement("script");
      script.src = url;
      script.async = false;
      script.onload = loaded;
      document.head.appendChild(script);
    });
  }
  requestAnimationFrame(function () { setTimeout(run); });
  setTimeout(run, 100);
}
