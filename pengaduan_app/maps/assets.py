"""Leaflet and MarkerCluster served from the installed xstatic packages, and the maps' own scripts.

The map pages load only these local files (no CDN): CDNs are slow on mobile
data and unreachable on closed networks. The maps' scripts live in
`assets/maps/*.js` (real files, checked by `node --check` in the tests) and are
linked with a hash of their content, so a changed script is never taken from a cache.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

LEAFLET_PREFIX = "/static/leaflet"
MARKERCLUSTER_PREFIX = "/static/markercluster"
MAP_SCRIPTS_PREFIX = "/static/maps"
MAP_SCRIPTS_DIR = Path(__file__).resolve().parents[2] / "assets" / "maps"

LEAFLET_JS = f"{LEAFLET_PREFIX}/leaflet.js"
LEAFLET_CSS = f"{LEAFLET_PREFIX}/leaflet.css"
MARKERCLUSTER_JS = f"{MARKERCLUSTER_PREFIX}/leaflet.markercluster.js"
MARKERCLUSTER_CSS = f"{MARKERCLUSTER_PREFIX}/MarkerCluster.css"


@cache
def map_script_url(name: str) -> str:
    """`/static/maps/<name>.js?v=<hash>` for a script in assets/maps (which must exist)."""
    digest = hashlib.sha256((MAP_SCRIPTS_DIR / f"{name}.js").read_bytes()).hexdigest()[:12]
    return f"{MAP_SCRIPTS_PREFIX}/{name}.js?v={digest}"


def static_mounts() -> list[Mount]:
    """Mounts for the app's routes; Leaflet's CSS finds its images relative to itself."""
    return [
        Mount(LEAFLET_PREFIX, app=StaticFiles(directory=xstatic.pkg.leaflet.BASE_DIR), name="leaflet"),
        Mount(
            MARKERCLUSTER_PREFIX,
            app=StaticFiles(directory=xstatic.pkg.leaflet_markercluster.BASE_DIR),
            name="markercluster",
        ),
        Mount(MAP_SCRIPTS_PREFIX, app=StaticFiles(directory=MAP_SCRIPTS_DIR), name="map-scripts"),
    ]
