"""Leaflet and MarkerCluster served from the installed xstatic packages.

The map pages load only these local files (no CDN): CDNs are slow on mobile
data and unreachable on closed networks.
"""

from __future__ import annotations

import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

LEAFLET_PREFIX = "/static/leaflet"
MARKERCLUSTER_PREFIX = "/static/markercluster"

LEAFLET_JS = f"{LEAFLET_PREFIX}/leaflet.js"
LEAFLET_CSS = f"{LEAFLET_PREFIX}/leaflet.css"
MARKERCLUSTER_JS = f"{MARKERCLUSTER_PREFIX}/leaflet.markercluster.js"
MARKERCLUSTER_CSS = f"{MARKERCLUSTER_PREFIX}/MarkerCluster.css"


def static_mounts() -> list[Mount]:
    """Mounts for the app's routes; Leaflet's CSS finds its images relative to itself."""
    return [
        Mount(LEAFLET_PREFIX, app=StaticFiles(directory=xstatic.pkg.leaflet.BASE_DIR), name="leaflet"),
        Mount(
            MARKERCLUSTER_PREFIX,
            app=StaticFiles(directory=xstatic.pkg.leaflet_markercluster.BASE_DIR),
            name="markercluster",
        ),
    ]
